provider "aws" {
  region = "eu-west-1"
}

module "queue" {
  source = "../../modules-aws5/terraform-aws-sqs@v4.3.1"

  name                      = "oracle-jobs"
  visibility_timeout_seconds = 120
  message_retention_seconds = 86400
  receive_wait_time_seconds = 20
  kms_master_key_id         = "alias/aws/sqs"
  kms_data_key_reuse_period_seconds = 3600

  create_dlq                 = true
  dlq_name                   = "oracle-jobs-dead"
  dlq_sqs_managed_sse_enabled = true
  redrive_policy = {
    maxReceiveCount = 10
  }
  create_dlq_redrive_allow_policy = true
}

provider "aws" {
  region = "eu-west-1"
}

module "queue" {
  source = "../../modules-aws5/terraform-aws-sqs@v4.3.1"

  name                        = "oracle-orders"
  fifo_queue                  = true
  content_based_deduplication = true
  deduplication_scope         = "messageGroup"
  fifo_throughput_limit       = "perMessageGroupId"

  create_dlq                    = true
  dlq_message_retention_seconds = 1209600
  redrive_policy = {
    maxReceiveCount = 5
  }

  tags = { Service = "orders" }
}

provider "aws" {
  region = "eu-west-1"
}

module "topic" {
  source = "../../modules-aws5/terraform-aws-sns@v6.2.1"

  name                        = "oracle-orders"
  fifo_topic                  = true
  content_based_deduplication = true
  kms_master_key_id           = "alias/aws/sns"

  subscriptions = {
    sqs = {
      protocol = "sqs"
      endpoint = "arn:aws:sqs:eu-west-1:123456789012:oracle-orders.fifo"
      raw_message_delivery = true
    }
    audit = {
      protocol = "sqs"
      endpoint = "arn:aws:sqs:eu-west-1:123456789012:oracle-audit.fifo"
      filter_policy = jsonencode({ kind = ["refund"] })
    }
  }

  tags = { Topic = "orders" }
}

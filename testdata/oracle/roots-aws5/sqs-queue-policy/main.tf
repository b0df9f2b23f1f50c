provider "aws" {
  region = "eu-west-1"
}

module "queue" {
  source = "../../modules-aws5/terraform-aws-sqs@v4.3.1"
  name   = "oracle-events"

  create_queue_policy = true
  queue_policy_statements = {
    sns = {
      sid     = "SNSPublish"
      actions = ["sqs:SendMessage"]
      principals = [
        {
          type        = "Service"
          identifiers = ["sns.amazonaws.com"]
        }
      ]
      conditions = [{
        test     = "ArnEquals"
        variable = "aws:SourceArn"
        values   = ["arn:aws:sns:eu-west-1:123456789012:oracle-topic"]
      }]
    }
    account = {
      sid     = "AccountRead"
      actions = ["sqs:ReceiveMessage", "sqs:DeleteMessage"]
      principals = [
        {
          type        = "AWS"
          identifiers = ["arn:aws:iam::123456789012:root"]
        }
      ]
    }
  }
}

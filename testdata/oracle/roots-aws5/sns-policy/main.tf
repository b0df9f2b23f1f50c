provider "aws" {
  region = "eu-west-1"
}

module "topic" {
  source = "../../modules-aws5/terraform-aws-sns@v6.2.1"

  name         = "oracle-alerts"
  display_name = "Alerts"
  tracing_config = "Active"
  delivery_policy = jsonencode({
    http = {
      defaultHealthyRetryPolicy = {
        minDelayTarget = 20
        maxDelayTarget = 20
        numRetries     = 3
      }
    }
  })

  create_topic_policy         = true
  enable_default_topic_policy = true
  topic_policy_statements = {
    pub = {
      actions = ["sns:Publish"]
      principals = [{
        type        = "Service"
        identifiers = ["events.amazonaws.com", "cloudwatch.amazonaws.com"]
      }]
    }
    sub = {
      actions = ["sns:Subscribe", "sns:Receive"]
      principals = [{
        type        = "AWS"
        identifiers = ["*"]
      }]
      conditions = [{
        test     = "StringLike"
        variable = "sns:Endpoint"
        values   = ["arn:aws:sqs:eu-west-1:123456789012:oracle-*"]
      }]
    }
  }
}

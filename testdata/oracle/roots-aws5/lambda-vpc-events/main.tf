provider "aws" {
  region = "eu-west-1"
}

module "fn" {
  source = "../../modules-aws5/terraform-aws-lambda@v7.8.0"

  function_name = "oracle-worker"
  handler       = "main.handler"
  runtime       = "python3.12"
  s3_bucket     = "oracle-artifacts"
  s3_key        = "worker.zip"
  publish       = true
  ephemeral_storage_size = 1024

  cloudwatch_event_rules = {
    nightly = {
      schedule_expression = "cron(0 3 * * ? *)"
    }
  }

  event_source_mappings = {
    queue = {
      event_source_arn = "arn:aws:sqs:eu-west-1:123456789012:oracle-jobs"
      batch_size       = 10
    }
  }

  sns_subscriptions = {
    alerts = {
      topic_arn = "arn:aws:sns:eu-west-1:123456789012:oracle-alerts"
    }
  }
}

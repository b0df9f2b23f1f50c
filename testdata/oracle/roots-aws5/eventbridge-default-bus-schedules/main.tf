provider "aws" {
  region = "eu-west-1"
}

module "events" {
  source = "../../modules-aws5/terraform-aws-eventbridge@v3.17.1"

  create_bus = false
  create_role = false

  rules = {
    crons = {
      description         = "Trigger for a Lambda"
      schedule_expression = "rate(5 minutes)"
    }
  }

  targets = {
    crons = [
      {
        name  = "lambda-loves-cron"
        arn   = "arn:aws:lambda:eu-west-1:123456789012:function:oracle-cron"
        input = jsonencode({ "job" : "cron-by-rate" })
        retry_policy = {
          maximum_event_age_in_seconds = 300
          maximum_retry_attempts       = 3
        }
      }
    ]
  }
}

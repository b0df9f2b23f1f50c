provider "aws" {
  region = "eu-west-1"
}

module "bus" {
  source = "../../modules-aws5/terraform-aws-eventbridge@v3.17.1"

  bus_name = "oracle-bus"

  rules = {
    orders = {
      description   = "Capture all order data"
      event_pattern = jsonencode({ "source" : ["myapp.orders"] })
      enabled       = true
    }
    emails = {
      description   = "Capture all created emails"
      event_pattern = jsonencode({ "detail" : { "action" : ["CREATE"] } })
      state         = "DISABLED"
    }
  }

  targets = {
    orders = [
      {
        name            = "send-orders-to-sqs"
        arn             = "arn:aws:sqs:eu-west-1:123456789012:oracle-orders"
        dead_letter_arn = "arn:aws:sqs:eu-west-1:123456789012:oracle-dlq"
        target_id       = "send-orders-to-sqs"
      },
      {
        name  = "log-orders"
        arn   = "arn:aws:logs:eu-west-1:123456789012:log-group:/aws/events/orders"
        input = jsonencode({ "job" : "cron-by-rate" })
      }
    ]
    emails = [
      {
        name = "send-emails-to-sns"
        arn  = "arn:aws:sns:eu-west-1:123456789012:oracle-emails"
        input_transformer = {
          input_paths    = { instance = "$.detail.instance" }
          input_template = "\"<instance> is ready\""
        }
      }
    ]
  }

  attach_sqs_policy = true
  sqs_target_arns   = ["arn:aws:sqs:eu-west-1:123456789012:oracle-orders"]

  tags = { Bus = "oracle" }
}

# Every API request leaves an access log line.
rule "ORG006" {
  name        = "api-stage-access-logs"
  severity    = "error"
  summary     = "API Gateway stages write access logs"
  requirement = "Every API Gateway stage has access logging to CloudWatch Logs or Firehose"
  description = <<-EOT
    Every `aws_api_gateway_stage` (REST) and `aws_apigatewayv2_stage` (HTTP and WebSocket) has
    an `access_log_settings` block whose `destination_arn` is a CloudWatch log group or a
    Firehose delivery stream (a reference to one in the configuration, or a literal ARN) and
    whose `format` is not empty.
  EOT
  remediation = <<-EOT
    Add `access_log_settings { destination_arn = aws_cloudwatch_log_group.<name>.arn, format = jsonencode({...}) }`
    to the stage.
  EOT

  check "aws_api_gateway_stage" {
    assert = try(self.access_log_settings[0].format, "") != "" && (
      refers_to(try(self.access_log_settings[0].destination_arn, null), "aws_cloudwatch_log_group") ||
      refers_to(try(self.access_log_settings[0].destination_arn, null), "aws_kinesis_firehose_delivery_stream") ||
      can(regex("^arn:aws[a-z-]*:(logs|firehose):", self.access_log_settings[0].destination_arn))
    )
    at      = "access_log_settings[0]"
    message = "stage ${self.stage_name} does not write access logs"
    fix     = "add access_log_settings with a log group destination_arn and a format"
  }

  check "aws_apigatewayv2_stage" {
    assert = try(self.access_log_settings[0].format, "") != "" && (
      refers_to(try(self.access_log_settings[0].destination_arn, null), "aws_cloudwatch_log_group") ||
      refers_to(try(self.access_log_settings[0].destination_arn, null), "aws_kinesis_firehose_delivery_stream") ||
      can(regex("^arn:aws[a-z-]*:(logs|firehose):", self.access_log_settings[0].destination_arn))
    )
    at      = "access_log_settings[0]"
    message = "stage ${self.name} does not write access logs"
    fix     = "add access_log_settings with a log group destination_arn and a format"
  }

  example "pass" {
    code = <<-EOT
      resource "aws_cloudwatch_log_group" "access" {
        name              = "/aws/apigateway/api/access"
        retention_in_days = 90
      }

      resource "aws_api_gateway_stage" "prod" {
        rest_api_id   = "a1b2c3d4e5"
        deployment_id = "abc123"
        stage_name    = "prod"

        access_log_settings {
          destination_arn = aws_cloudwatch_log_group.access.arn
          format          = jsonencode({ requestId = "$context.requestId", status = "$context.status" })
        }
      }

      resource "aws_apigatewayv2_stage" "default" {
        api_id = "a1b2c3d4e5"
        name   = "$default"

        access_log_settings {
          destination_arn = "arn:aws:logs:eu-west-1:123456789012:log-group:/aws/apigateway/http"
          format          = "$context.requestId $context.status"
        }
      }
    EOT
  }

  example "fail" {
    code = <<-EOT
      resource "aws_api_gateway_stage" "prod" {
        rest_api_id   = "a1b2c3d4e5"
        deployment_id = "abc123"
        stage_name    = "prod"
      }
    EOT
  }
}

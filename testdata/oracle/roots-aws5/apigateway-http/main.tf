provider "aws" {
  region = "eu-west-1"
}

module "api" {
  source = "../../modules-aws5/terraform-aws-apigateway-v2@v4.0.0"

  name                   = "oracle-http"
  description            = "oracle HTTP API"
  protocol_type          = "HTTP"
  create_api_domain_name = false

  cors_configuration = {
    allow_headers = ["content-type", "x-amz-date", "authorization"]
    allow_methods = ["*"]
    allow_origins = ["*"]
  }

  default_route_settings = {
    detailed_metrics_enabled = true
    throttling_burst_limit   = 100
    throttling_rate_limit    = 100
  }

  integrations = {
    "POST /" = {
      lambda_arn             = "arn:aws:lambda:eu-west-1:123456789012:function:oracle-fn"
      payload_format_version = "2.0"
      timeout_milliseconds   = 12000
    }
    "GET /items" = {
      lambda_arn             = "arn:aws:lambda:eu-west-1:123456789012:function:oracle-items"
      payload_format_version = "1.0"
      timeout_milliseconds   = 29000
    }
    "$default" = {
      lambda_arn             = "arn:aws:lambda:eu-west-1:123456789012:function:oracle-default"
      payload_format_version = "2.0"
      timeout_milliseconds   = 3000
    }
  }

  tags = { Api = "http" }
}

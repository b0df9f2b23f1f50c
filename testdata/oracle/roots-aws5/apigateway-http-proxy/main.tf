provider "aws" {
  region = "eu-west-1"
}

module "api" {
  source = "../../modules-aws5/terraform-aws-apigateway-v2@v4.0.0"

  name                                  = "oracle-proxy"
  protocol_type                         = "HTTP"
  create_api_domain_name                = false
  create_default_stage_access_log_group = true
  default_stage_access_log_group_retention_in_days = 14
  default_stage_access_log_format = jsonencode({ requestId = "$context.requestId", status = "$context.status" })

  integrations = {
    "ANY /proxy" = {
      integration_type   = "HTTP_PROXY"
      integration_uri    = "https://example.com/{proxy}"
      integration_method = "ANY"
      response_parameters = jsonencode([
        {
          status_code = 500
          mappings = {
            "append:header.header1" = "$context.requestId"
            "overwrite:statuscode"  = "403"
          }
        },
        {
          status_code = 404
          mappings = {
            "append:header.error" = "$stageVariables.environmentId"
          }
        }
      ])
    }
  }
}

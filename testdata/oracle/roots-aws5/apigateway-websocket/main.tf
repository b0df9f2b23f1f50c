provider "aws" {
  region = "eu-west-1"
}

module "api" {
  source = "../../modules-aws5/terraform-aws-apigateway-v2@v4.0.0"

  name                       = "oracle-ws"
  protocol_type              = "WEBSOCKET"
  route_selection_expression = "$request.body.action"
  create_api_domain_name     = false

  integrations = {
    "$connect" = {
      lambda_arn = "arn:aws:lambda:eu-west-1:123456789012:function:oracle-connect"
    }
    "sendmessage" = {
      lambda_arn = "arn:aws:lambda:eu-west-1:123456789012:function:oracle-send"
    }
  }
}

terraform {
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "5.100.0"
    }
  }
}

provider "aws" {
  region = "us-east-1"
}

# The same module is called twice; only the instance whose invoke ARN is wired into the
# API Gateway integration (through a module output) is an API Lambda.
module "orders" {
  source = "./modules/fn"
  name   = "orders-handler"
}

module "reports" {
  source = "./modules/fn"
  name   = "reports-builder"
}

resource "aws_apigatewayv2_api" "http" {
  name          = "photo-http"
  protocol_type = "HTTP"
}

resource "aws_apigatewayv2_integration" "orders" {
  api_id                 = aws_apigatewayv2_api.http.id
  integration_type       = "AWS_PROXY"
  integration_uri        = module.orders.invoke_arn
  payload_format_version = "2.0"
}

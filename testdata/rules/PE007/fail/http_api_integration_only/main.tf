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

# No name pattern and no permission: only the HTTP API integration (through a local)
# makes it an API Lambda.
resource "aws_lambda_function" "orders" {
  function_name = "orders-handler"
  role          = "arn:aws:iam::123456789012:role/lambda"
  filename      = "orders.zip"
  handler       = "index.handler"
  runtime       = "nodejs20.x"

  vpc_config { # expect: PE007 aws_lambda_function.orders
    subnet_ids         = ["subnet-0a1b2c3d4e5f60718"]
    security_group_ids = ["sg-0a1b2c3d4e5f60718"]
  }
}

locals {
  orders_arn = aws_lambda_function.orders.arn
}

resource "aws_apigatewayv2_api" "http" {
  name          = "photo-http"
  protocol_type = "HTTP"
}

resource "aws_apigatewayv2_integration" "orders" {
  api_id                 = aws_apigatewayv2_api.http.id
  integration_type       = "AWS_PROXY"
  integration_uri        = local.orders_arn
  payload_format_version = "2.0"
}

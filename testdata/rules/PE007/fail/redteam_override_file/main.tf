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

resource "aws_apigatewayv2_api" "http" {
  name          = "http"
  protocol_type = "HTTP"
}

locals {
  fn = {
    role     = "arn:aws:iam::123456789012:role/lambda"
    filename = "fn.zip"
  }
}

# Red team: vpc_config added by an override file (override.tf).
resource "aws_lambda_function" "overridden" {
  function_name = "orders-seven"
  role          = local.fn.role
  filename      = local.fn.filename
  handler       = "index.handler"
  runtime       = "nodejs20.x"
}

resource "aws_lambda_permission" "overridden" {
  action        = "lambda:InvokeFunction"
  function_name = aws_lambda_function.overridden.function_name
  principal     = "apigateway.amazonaws.com"
}

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

# Red team: vpc_config through a dynamic block.
resource "aws_lambda_function" "dynamic_vpc" {
  function_name = "orders-five"
  role          = local.fn.role
  filename      = local.fn.filename
  handler       = "index.handler"
  runtime       = "nodejs20.x"

  dynamic "vpc_config" { # expect: PE007 aws_lambda_function.dynamic_vpc
    for_each = [1]
    content {
      subnet_ids         = ["subnet-0a1b2c3d4e5f60718"]
      security_group_ids = ["sg-0a1b2c3d4e5f60718"]
    }
  }
}

resource "aws_lambda_permission" "dynamic_vpc" {
  action        = "lambda:InvokeFunction"
  function_name = aws_lambda_function.dynamic_vpc.function_name
  principal     = "apigateway.amazonaws.com"
}

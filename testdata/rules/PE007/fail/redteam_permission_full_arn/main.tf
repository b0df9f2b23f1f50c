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

# Red team: the permission names the function by its full ARN, written out.
resource "aws_lambda_function" "arn_permission" {
  function_name = "orders-two"
  role          = local.fn.role
  filename      = local.fn.filename
  handler       = "index.handler"
  runtime       = "nodejs20.x"

  vpc_config { # expect: PE007 aws_lambda_function.arn_permission
    subnet_ids         = ["subnet-0a1b2c3d4e5f60718"]
    security_group_ids = ["sg-0a1b2c3d4e5f60718"]
  }
}

resource "aws_lambda_permission" "arn_permission" {
  action        = "lambda:InvokeFunction"
  function_name = "arn:aws:lambda:us-east-1:123456789012:function:orders-two"
  principal     = "apigateway.amazonaws.com"
}

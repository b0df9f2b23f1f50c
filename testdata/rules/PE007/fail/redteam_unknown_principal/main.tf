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

# Red team: the principal comes from a variable with no value.
variable "principal" {
  type = string
}

resource "aws_lambda_function" "unknown_principal" {
  function_name = "orders-six"
  role          = local.fn.role
  filename      = local.fn.filename
  handler       = "index.handler"
  runtime       = "nodejs20.x"

  vpc_config { # expect-unresolved: PE007 aws_lambda_function.unknown_principal
    subnet_ids         = ["subnet-0a1b2c3d4e5f60718"]
    security_group_ids = ["sg-0a1b2c3d4e5f60718"]
  }
}

resource "aws_lambda_permission" "unknown_principal" {
  action        = "lambda:InvokeFunction"
  function_name = aws_lambda_function.unknown_principal.function_name
  principal     = var.principal
}

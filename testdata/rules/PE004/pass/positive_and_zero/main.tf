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

resource "aws_lambda_function" "api" {
  function_name                  = "api"
  role                           = "arn:aws:iam::123456789012:role/lambda"
  filename                       = "api.zip"
  handler                        = "index.handler"
  runtime                        = "nodejs20.x"
  reserved_concurrent_executions = 50
}

# 0 is a deliberate reservation that stops the function from running: it passes.
resource "aws_lambda_function" "disabled" {
  function_name                  = "disabled"
  role                           = "arn:aws:iam::123456789012:role/lambda"
  filename                       = "disabled.zip"
  handler                        = "index.handler"
  runtime                        = "nodejs20.x"
  reserved_concurrent_executions = 0
}

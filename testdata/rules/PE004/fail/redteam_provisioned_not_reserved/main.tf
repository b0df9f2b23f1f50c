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

# Red team: provisioned concurrency is not a reservation.
resource "aws_lambda_function" "provisioned" { # expect: PE004 aws_lambda_function.provisioned
  function_name = "provisioned"
  role          = "arn:aws:iam::123456789012:role/lambda"
  filename      = "fn.zip"
  handler       = "index.handler"
  runtime       = "nodejs20.x"
  publish       = true
}

resource "aws_lambda_provisioned_concurrency_config" "provisioned" {
  function_name                     = aws_lambda_function.provisioned.function_name
  qualifier                         = aws_lambda_function.provisioned.version
  provisioned_concurrent_executions = 5
}

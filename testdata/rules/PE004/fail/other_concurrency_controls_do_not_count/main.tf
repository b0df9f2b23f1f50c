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

# Provisioned concurrency and an event source mapping's maximum_concurrency are not
# reservations.
resource "aws_lambda_function" "worker" { # expect: PE004 aws_lambda_function.worker
  function_name = "worker"
  role          = "arn:aws:iam::123456789012:role/lambda"
  filename      = "worker.zip"
  handler       = "index.handler"
  runtime       = "nodejs20.x"
  publish       = true
}

resource "aws_lambda_provisioned_concurrency_config" "worker" {
  function_name                     = aws_lambda_function.worker.function_name
  qualifier                         = aws_lambda_function.worker.version
  provisioned_concurrent_executions = 2
}

resource "aws_lambda_event_source_mapping" "worker" {
  event_source_arn = "arn:aws:sqs:us-east-1:123456789012:jobs"
  function_name    = aws_lambda_function.worker.arn

  scaling_config {
    maximum_concurrency = 10
  }
}

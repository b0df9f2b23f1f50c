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

variable "environment" {
  type    = string
  default = "prod"
}

# The function logs to /photo-editor/lambda (logging_config), which is not managed here.
# The /aws/lambda/<name> group does not count once logging_config names another group.
resource "aws_lambda_function" "worker" { # expect: PE005 aws_lambda_function.worker
  function_name = "photo-worker"
  role          = "arn:aws:iam::123456789012:role/lambda"
  filename      = "worker.zip"
  handler       = "index.handler"
  runtime       = "nodejs20.x"

  logging_config {
    log_format = "JSON"
    log_group  = "/photo-editor/lambda"
  }
}

resource "aws_cloudwatch_log_group" "worker_default" {
  name              = "/aws/lambda/photo-worker"
  retention_in_days = 90
}

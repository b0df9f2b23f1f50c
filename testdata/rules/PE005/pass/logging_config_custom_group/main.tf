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

resource "aws_cloudwatch_log_group" "shared" {
  name              = "/photo-editor/lambda"
  retention_in_days = 90
}

# The function logs to the group that logging_config.log_group names, so that group
# is its managed group; no /aws/lambda/<name> group is needed.
resource "aws_lambda_function" "worker" {
  function_name = "photo-worker"
  role          = "arn:aws:iam::123456789012:role/lambda"
  filename      = "worker.zip"
  handler       = "index.handler"
  runtime       = "nodejs20.x"

  logging_config {
    log_format = "JSON"
    log_group  = aws_cloudwatch_log_group.shared.name
  }
}

resource "aws_lambda_function" "thumbs" {
  function_name = "photo-thumbs"
  role          = "arn:aws:iam::123456789012:role/lambda"
  filename      = "thumbs.zip"
  handler       = "index.handler"
  runtime       = "nodejs20.x"

  logging_config {
    log_format = "Text"
    log_group  = "/photo-editor/lambda"
  }
}

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

# The group's name has a random suffix, but logging_config sends the logs to that very group
# (the reference to its name), so the function writes only to a group with 90 days.
resource "aws_lambda_function" "f" {
  function_name = "photo-resize"
  role          = "arn:aws:iam::123456789012:role/lambda"
  filename      = "resize.zip"
  handler       = "index.handler"
  runtime       = "nodejs20.x"

  logging_config {
    log_format = "Text"
    log_group  = aws_cloudwatch_log_group.g.name
  }
}

resource "aws_cloudwatch_log_group" "g" {
  name_prefix       = "/aws/lambda/photo-resize-"
  retention_in_days = 90
}

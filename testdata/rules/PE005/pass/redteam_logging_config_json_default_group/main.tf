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

# logging_config without log_group changes only the format: Lambda keeps writing to
# /aws/lambda/<function_name>, which is managed here with 90 days.
resource "aws_lambda_function" "f" {
  function_name = "photo-resize"
  role          = "arn:aws:iam::123456789012:role/lambda"
  filename      = "resize.zip"
  handler       = "index.handler"
  runtime       = "nodejs20.x"

  logging_config {
    log_format = "JSON"
  }
}

resource "aws_cloudwatch_log_group" "g" {
  name              = "/aws/lambda/photo-resize"
  retention_in_days = 90
}

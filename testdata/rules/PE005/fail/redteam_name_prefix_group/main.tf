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

# name_prefix adds a random suffix: the group is "/aws/lambda/photo-resize<26 chars>", never
# the function's group, so Lambda creates its own group that never expires.
resource "aws_lambda_function" "f" { # expect: PE005 aws_lambda_function.f
  function_name = "photo-resize"
  role          = "arn:aws:iam::123456789012:role/lambda"
  filename      = "resize.zip"
  handler       = "index.handler"
  runtime       = "nodejs20.x"
}

resource "aws_cloudwatch_log_group" "g" {
  name_prefix       = "/aws/lambda/photo-resize"
  retention_in_days = 90
}

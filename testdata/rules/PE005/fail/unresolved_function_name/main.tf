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

variable "function_name" {
  type = string
}

# The function name cannot be evaluated, so it cannot be matched against the group names.
resource "aws_lambda_function" "f" { # expect-unresolved: PE005 aws_lambda_function.f
  function_name = var.function_name
  role          = "arn:aws:iam::123456789012:role/lambda"
  filename      = "f.zip"
  handler       = "index.handler"
  runtime       = "nodejs20.x"
}

resource "aws_cloudwatch_log_group" "some_function" {
  name              = "/aws/lambda/photo-resize"
  retention_in_days = 90
}

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
  default = "dev"
}

locals {
  function_name = "photo-editor-${var.environment}-presign"
}

resource "aws_cloudwatch_log_group" "presign" {
  name              = "/aws/lambda/${local.function_name}"
  retention_in_days = 14
}

resource "aws_lambda_function" "presign" {
  function_name = local.function_name
  role          = "arn:aws:iam::123456789012:role/lambda"
  filename      = "presign.zip"
  handler       = "index.handler"
  runtime       = "nodejs20.x"

  depends_on = [aws_cloudwatch_log_group.presign]
}

# A literal group name that equals /aws/lambda/<function_name> also counts.
resource "aws_lambda_function" "status" {
  function_name = "photo-status"
  role          = "arn:aws:iam::123456789012:role/lambda"
  filename      = "status.zip"
  handler       = "index.handler"
  runtime       = "nodejs20.x"
}

resource "aws_cloudwatch_log_group" "status" {
  name              = "/aws/lambda/photo-status"
  retention_in_days = 14
}

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

variable "name" {
  type = string
}

# The same reference on both sides: equal whatever its value.
resource "aws_lambda_function" "named" {
  function_name = var.name
  role          = "arn:aws:iam::123456789012:role/lambda"
  handler       = "index.handler"
  runtime       = "nodejs20.x"
  filename      = "f.zip"
  depends_on    = [aws_cloudwatch_log_group.named]
}

resource "aws_cloudwatch_log_group" "named" {
  name              = "/aws/lambda/${var.name}"
  retention_in_days = 90
}

# skip_destroy keeps the group at destroy; while deployed it holds the logs with its retention.
resource "aws_lambda_function" "kept" {
  function_name = "kept"
  role          = "arn:aws:iam::123456789012:role/lambda"
  handler       = "index.handler"
  runtime       = "nodejs20.x"
  filename      = "f.zip"
}

resource "aws_cloudwatch_log_group" "kept" {
  name              = "/aws/lambda/kept"
  retention_in_days = 90
  skip_destroy      = true
}

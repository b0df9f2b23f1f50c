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

locals {
  function_names = {
    resize    = "photo-resize"
    watermark = "photo-watermark"
  }
}

resource "aws_cloudwatch_log_group" "lambda" {
  for_each          = local.function_names
  name              = "/aws/lambda/${each.value}"
  retention_in_days = 90
}

resource "aws_lambda_function" "fn" {
  for_each      = local.function_names
  function_name = each.value
  role          = "arn:aws:iam::123456789012:role/lambda"
  filename      = "${each.key}.zip"
  handler       = "index.handler"
  runtime       = "nodejs20.x"
}

resource "aws_cloudwatch_log_group" "numbered" {
  count             = 2
  name              = "/photo-editor/shard-${count.index}"
  retention_in_days = 90
}

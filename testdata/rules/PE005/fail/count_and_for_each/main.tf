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

resource "aws_cloudwatch_log_group" "numbered" { # expect: PE005 aws_cloudwatch_log_group.numbered[0] # expect: PE005 aws_cloudwatch_log_group.numbered[1]
  count = 2
  name  = "/photo-editor/shard-${count.index}"
}

locals {
  function_names = {
    resize    = "photo-resize"
    watermark = "photo-watermark"
  }
}

# Only resize has a group.
resource "aws_cloudwatch_log_group" "lambda" {
  name              = "/aws/lambda/${local.function_names["resize"]}"
  retention_in_days = 90
}

resource "aws_lambda_function" "fn" { # expect: PE005 aws_lambda_function.fn["watermark"]
  for_each      = local.function_names
  function_name = each.value
  role          = "arn:aws:iam::123456789012:role/lambda"
  filename      = "${each.key}.zip"
  handler       = "index.handler"
  runtime       = "nodejs20.x"
}

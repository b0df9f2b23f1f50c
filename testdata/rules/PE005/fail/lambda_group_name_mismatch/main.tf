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

resource "aws_lambda_function" "f" { # expect: PE005 aws_lambda_function.f
  function_name = "photo-resizer"
  role          = "arn:aws:iam::123456789012:role/lambda"
  filename      = "resize.zip"
  handler       = "index.handler"
  runtime       = "nodejs20.x"
}

# Close, but not /aws/lambda/photo-resizer.
resource "aws_cloudwatch_log_group" "f" {
  name              = "/aws/lambda/photo-resize"
  retention_in_days = 90
}

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

# The group's name is built from the function's ARN, known only after apply. It begins
# "/aws/lambda/arn:", so it can never be the function's log group "/aws/lambda/photo-resize".
resource "aws_lambda_function" "f" { # expect: PE005 aws_lambda_function.f
  function_name = "photo-resize"
  role          = "arn:aws:iam::123456789012:role/lambda"
  filename      = "resize.zip"
  handler       = "index.handler"
  runtime       = "nodejs20.x"
}

resource "aws_cloudwatch_log_group" "g" {
  name              = "/aws/lambda/${aws_lambda_function.f.arn}"
  retention_in_days = 90
}

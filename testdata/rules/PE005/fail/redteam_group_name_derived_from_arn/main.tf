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

# A name computed from the ARN may be the function's name: replace() strips everything up to
# the last ":" and leaves "thumbnail", the group Lambda writes to. pe-lint cannot evaluate it
# before apply, so it is unresolved, never fail.
resource "aws_lambda_function" "t" { # expect-unresolved: PE005 aws_lambda_function.t
  function_name = "thumbnail"
  role          = "arn:aws:iam::123456789012:role/lambda"
  filename      = "resize.zip"
  handler       = "index.handler"
  runtime       = "nodejs20.x"
}

resource "aws_cloudwatch_log_group" "t" {
  name              = "/aws/lambda/${replace(aws_lambda_function.t.arn, "/.*:/", "")}"
  retention_in_days = 90
}

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

# The prefix has no value, but the known part of the name still says "presign".
variable "prefix" {
  type = string
}

resource "aws_lambda_function" "api" {
  function_name = "${var.prefix}-presign"
  role          = "arn:aws:iam::123456789012:role/lambda"
  handler       = "index.handler"
  runtime       = "nodejs20.x"
  s3_bucket     = "artifacts"
  s3_key        = "presign.zip"

  vpc_config { # expect: PE007 aws_lambda_function.api
    subnet_ids         = ["subnet-0123456789abcdef0"]
    security_group_ids = ["sg-0123456789abcdef0"]
  }
}

# Nothing about this name is known, and it sits in a VPC: pe-lint cannot tell whether it
# serves the API.
resource "aws_lambda_function" "unknown" {
  function_name = var.prefix
  role          = "arn:aws:iam::123456789012:role/lambda"
  handler       = "index.handler"
  runtime       = "nodejs20.x"
  s3_bucket     = "artifacts"
  s3_key        = "unknown.zip"

  vpc_config { # expect-unresolved: PE007 aws_lambda_function.unknown
    subnet_ids         = ["subnet-0123456789abcdef0"]
    security_group_ids = ["sg-0123456789abcdef0"]
  }
}

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

# A number written as a string counts; a string that is not a number fails.
resource "aws_lambda_function" "numeric_string" {
  function_name                  = "numeric-string"
  role                           = "arn:aws:iam::123456789012:role/lambda"
  filename                       = "numeric.zip"
  handler                        = "index.handler"
  runtime                        = "nodejs20.x"
  reserved_concurrent_executions = "5"
}

resource "aws_lambda_function" "words" {
  function_name                  = "words"
  role                           = "arn:aws:iam::123456789012:role/lambda"
  filename                       = "words.zip"
  handler                        = "index.handler"
  runtime                        = "nodejs20.x"
  reserved_concurrent_executions = "lots" # expect: PE004 aws_lambda_function.words
}

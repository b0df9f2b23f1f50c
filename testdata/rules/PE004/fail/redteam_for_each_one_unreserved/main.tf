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

# Red team: one for_each instance of several is unreserved.
resource "aws_lambda_function" "each" {
  for_each                       = { a = 5, b = -1 }
  function_name                  = "each-${each.key}"
  role                           = "arn:aws:iam::123456789012:role/lambda"
  filename                       = "fn.zip"
  handler                        = "index.handler"
  runtime                        = "nodejs20.x"
  reserved_concurrent_executions = each.value # expect: PE004 aws_lambda_function.each["b"]
}

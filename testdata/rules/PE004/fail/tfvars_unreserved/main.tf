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

variable "reserved_concurrency" {
  type    = map(number)
  default = { api = 10 }
}

resource "aws_lambda_function" "api" {
  function_name                  = "api"
  role                           = "arn:aws:iam::123456789012:role/lambda"
  filename                       = "api.zip"
  handler                        = "index.handler"
  runtime                        = "nodejs20.x"
  reserved_concurrent_executions = var.reserved_concurrency["api"] # expect: PE004 aws_lambda_function.api
}

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

# Red team: a lookup whose key is missing falls back to -1.
locals {
  reserved = { staging = 5 }
}

resource "aws_lambda_function" "lookup_default" {
  function_name                  = "lookup-default"
  role                           = "arn:aws:iam::123456789012:role/lambda"
  filename                       = "fn.zip"
  handler                        = "index.handler"
  runtime                        = "nodejs20.x"
  reserved_concurrent_executions = lookup(local.reserved, "prod", -1) # expect: PE004 aws_lambda_function.lookup_default
}

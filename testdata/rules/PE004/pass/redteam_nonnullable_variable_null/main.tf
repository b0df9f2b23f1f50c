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

# Compliant code, not to be failed: tfvars sets null, and a `nullable = false` variable then
# takes its default (5).
variable "reserved" {
  type     = number
  default  = 5
  nullable = false
}

resource "aws_lambda_function" "f" {
  function_name                  = "f"
  role                           = "arn:aws:iam::123456789012:role/lambda"
  filename                       = "f.zip"
  handler                        = "index.handler"
  runtime                        = "nodejs20.x"
  reserved_concurrent_executions = var.reserved
}

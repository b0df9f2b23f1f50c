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

# Evasion: terraform.tfvars says 5 and x.auto.tfvars, loaded after it, says -1 (unreserved).
variable "reserved" {
  type    = number
  default = 5
}

resource "aws_lambda_function" "f" {
  function_name                  = "f"
  role                           = "arn:aws:iam::123456789012:role/lambda"
  filename                       = "f.zip"
  handler                        = "index.handler"
  runtime                        = "nodejs20.x"
  reserved_concurrent_executions = var.reserved # expect: PE004 aws_lambda_function.f
}

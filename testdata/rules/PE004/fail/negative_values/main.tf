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

# -1 is the provider's value for "unreserved".
resource "aws_lambda_function" "unreserved" {
  function_name                  = "unreserved"
  role                           = "arn:aws:iam::123456789012:role/lambda"
  filename                       = "unreserved.zip"
  handler                        = "index.handler"
  runtime                        = "nodejs20.x"
  reserved_concurrent_executions = -1 # expect: PE004 aws_lambda_function.unreserved
}

# Any other negative number fails too. (The provider rejects a literal below -1 in
# `terraform validate`, so this one comes from a variable.)
variable "negative" {
  type    = number
  default = -5
}

resource "aws_lambda_function" "negative" {
  function_name                  = "negative"
  role                           = "arn:aws:iam::123456789012:role/lambda"
  filename                       = "negative.zip"
  handler                        = "index.handler"
  runtime                        = "nodejs20.x"
  reserved_concurrent_executions = var.negative # expect: PE004 aws_lambda_function.negative
}

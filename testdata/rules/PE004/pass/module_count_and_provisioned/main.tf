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

# A module instantiated with count; provisioned concurrency alongside a reservation.
module "workers" {
  source = "./modules/fn"
  count  = 2
  name   = "worker-${count.index}"
}

resource "aws_lambda_function" "api" {
  function_name                  = "api"
  role                           = "arn:aws:iam::123456789012:role/lambda"
  filename                       = "api.zip"
  handler                        = "index.handler"
  runtime                        = "nodejs20.x"
  publish                        = true
  reserved_concurrent_executions = 20
}

resource "aws_lambda_provisioned_concurrency_config" "api" {
  function_name                     = aws_lambda_function.api.function_name
  qualifier                         = aws_lambda_function.api.version
  provisioned_concurrent_executions = 5
}

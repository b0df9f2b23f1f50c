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

variable "blue" {
  type = bool
}

variable "cfg" {
  type = object({ name = string, other = string })
}

locals {
  lambda = {
    role    = "arn:aws:iam::123456789012:role/lambda"
    handler = "index.handler"
    runtime = "nodejs20.x"
  }
}

# Names derived from the same unknown are not the same name (before: both passed, as their
# unknowns had the same origins). A group whose name may be anything keeps every function
# of this tree unresolved, hence a tree of their own.
# Same unknown origin, different values: the function is "a" when the group is "b".
resource "aws_lambda_function" "flipped" { # expect-unresolved: PE005 aws_lambda_function.flipped
  function_name = var.blue ? "flip-a" : "flip-b"
  role          = local.lambda.role
  handler       = local.lambda.handler
  runtime       = local.lambda.runtime
  filename      = "f.zip"
}

resource "aws_cloudwatch_log_group" "flipped" {
  name              = "/aws/lambda/${!var.blue ? "flip-a" : "flip-b"}"
  retention_in_days = 90
}

# Two attributes of one unknown object are two values.
resource "aws_lambda_function" "sibling" { # expect-unresolved: PE005 aws_lambda_function.sibling
  function_name = var.cfg.name
  role          = local.lambda.role
  handler       = local.lambda.handler
  runtime       = local.lambda.runtime
  filename      = "f.zip"
}

resource "aws_cloudwatch_log_group" "sibling" {
  name              = "/aws/lambda/${var.cfg.other}"
  retention_in_days = 90
}


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

# An API Lambda whose subnet_ids cannot be evaluated.
variable "subnet_ids" {
  type = list(string)
}

resource "aws_lambda_function" "status" {
  function_name = "photo-editor-status"
  role          = "arn:aws:iam::123456789012:role/lambda"
  filename      = "status.zip"
  handler       = "index.handler"
  runtime       = "nodejs20.x"

  vpc_config { # expect-unresolved: PE007 aws_lambda_function.status
    subnet_ids         = var.subnet_ids
    security_group_ids = ["sg-0a1b2c3d4e5f60718"]
  }
}

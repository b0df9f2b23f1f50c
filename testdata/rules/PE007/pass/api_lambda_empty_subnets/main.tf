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

# An empty subnet_ids list detaches the function from the VPC.
resource "aws_lambda_function" "status" {
  function_name = "photo-editor-status"
  role          = "arn:aws:iam::123456789012:role/lambda"
  filename      = "status.zip"
  handler       = "index.handler"
  runtime       = "nodejs20.x"

  vpc_config {
    subnet_ids         = []
    security_group_ids = []
  }
}

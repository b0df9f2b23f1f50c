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

resource "aws_lambda_function" "download" { # expect: PE004 aws_lambda_function.download
  function_name = "download"
  role          = "arn:aws:iam::123456789012:role/lambda"
  filename      = "download.zip"
  handler       = "index.handler"
  runtime       = "nodejs20.x"
}

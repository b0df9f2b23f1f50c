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

# The pattern match ignores case.
resource "aws_lambda_function" "api" {
  function_name = "Photo-Editor-PreSign"
  role          = "arn:aws:iam::123456789012:role/lambda"
  filename      = "presign.zip"
  handler       = "index.handler"
  runtime       = "nodejs20.x"

  vpc_config { # expect: PE007 aws_lambda_function.api
    subnet_ids         = ["subnet-0a1b2c3d4e5f60718"]
    security_group_ids = ["sg-0a1b2c3d4e5f60718"]
  }
}

resource "aws_lambda_function" "dl" {
  function_name = "photo-editor-download"
  role          = "arn:aws:iam::123456789012:role/lambda"
  filename      = "download.zip"
  handler       = "index.handler"
  runtime       = "nodejs20.x"

  vpc_config { # expect: PE007 aws_lambda_function.dl
    subnet_ids         = ["subnet-0a1b2c3d4e5f60718"]
    security_group_ids = ["sg-0a1b2c3d4e5f60718"]
  }
}

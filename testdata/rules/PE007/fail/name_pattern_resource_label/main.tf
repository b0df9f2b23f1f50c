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

# The function name matches no pattern, but the resource label contains "bff".
resource "aws_lambda_function" "web_bff" {
  function_name = "edge-handler"
  role          = "arn:aws:iam::123456789012:role/lambda"
  filename      = "edge.zip"
  handler       = "index.handler"
  runtime       = "nodejs20.x"

  vpc_config { # expect: PE007 aws_lambda_function.web_bff
    subnet_ids         = ["subnet-0a1b2c3d4e5f60718"]
    security_group_ids = ["sg-0a1b2c3d4e5f60718"]
  }
}

resource "aws_lambda_function" "Status" {
  function_name = "job-reporter"
  role          = "arn:aws:iam::123456789012:role/lambda"
  filename      = "reporter.zip"
  handler       = "index.handler"
  runtime       = "nodejs20.x"

  vpc_config { # expect: PE007 aws_lambda_function.Status
    subnet_ids         = ["subnet-0a1b2c3d4e5f60718"]
    security_group_ids = ["sg-0a1b2c3d4e5f60718"]
  }
}

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

resource "aws_lambda_function" "fn" {
  for_each      = toset(["download", "thumbnail"])
  function_name = "photo-${each.key}"
  role          = "arn:aws:iam::123456789012:role/lambda"
  filename      = "${each.key}.zip"
  handler       = "index.handler"
  runtime       = "nodejs20.x"

  vpc_config { # expect: PE007 aws_lambda_function.fn["download"]
    subnet_ids         = ["subnet-0a1b2c3d4e5f60718"]
    security_group_ids = ["sg-0a1b2c3d4e5f60718"]
  }
}

resource "aws_lambda_function" "bff" {
  count         = 2
  function_name = "photo-edge-${count.index}"
  role          = "arn:aws:iam::123456789012:role/lambda"
  filename      = "edge.zip"
  handler       = "index.handler"
  runtime       = "nodejs20.x"

  vpc_config { # expect: PE007 aws_lambda_function.bff[0] # expect: PE007 aws_lambda_function.bff[1]
    subnet_ids         = ["subnet-0a1b2c3d4e5f60718"]
    security_group_ids = ["sg-0a1b2c3d4e5f60718"]
  }
}

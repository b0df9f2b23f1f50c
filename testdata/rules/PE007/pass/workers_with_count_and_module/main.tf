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

resource "aws_lambda_function" "resize" {
  count         = 2
  function_name = "photo-resize-${count.index}"
  role          = "arn:aws:iam::123456789012:role/lambda"
  filename      = "resize.zip"
  handler       = "index.handler"
  runtime       = "nodejs20.x"

  vpc_config {
    subnet_ids         = ["subnet-0a1b2c3d4e5f60718"]
    security_group_ids = ["sg-0a1b2c3d4e5f60718"]
  }
}

module "watermark" {
  source = "./modules/worker"
  name   = "photo-watermark"
}

module "thumbnail" {
  source = "./modules/worker"
  name   = "photo-thumbnail"
}

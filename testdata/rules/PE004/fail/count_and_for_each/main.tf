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

resource "aws_lambda_function" "numbered" { # expect: PE004 aws_lambda_function.numbered[0] # expect: PE004 aws_lambda_function.numbered[1]
  count         = 2
  function_name = "shard-${count.index}"
  role          = "arn:aws:iam::123456789012:role/lambda"
  filename      = "shard.zip"
  handler       = "index.handler"
  runtime       = "nodejs20.x"
}

resource "aws_lambda_function" "named" {
  for_each                       = { resize = 10, watermark = -1 }
  function_name                  = each.key
  role                           = "arn:aws:iam::123456789012:role/lambda"
  filename                       = "${each.key}.zip"
  handler                        = "index.handler"
  runtime                        = "nodejs20.x"
  reserved_concurrent_executions = each.value # expect: PE004 aws_lambda_function.named["watermark"]
}

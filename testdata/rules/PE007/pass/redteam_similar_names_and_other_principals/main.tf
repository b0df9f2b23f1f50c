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

resource "aws_apigatewayv2_api" "http" {
  name          = "http"
  protocol_type = "HTTP"
}

locals {
  fn = {
    role     = "arn:aws:iam::123456789012:role/lambda"
    filename = "fn.zip"
  }
}
# Red team, the other way: a worker in a VPC is not an API Lambda because an integration
# spells out a longer function name that starts with its own (orders-worker-api), or
# because a permission with a known principal other than API Gateway names it.
resource "aws_lambda_function" "worker" {
  function_name = "orders-worker"
  role          = local.fn.role
  filename      = local.fn.filename
  handler       = "index.handler"
  runtime       = "nodejs20.x"

  vpc_config {
    subnet_ids         = ["subnet-0a1b2c3d4e5f60718"]
    security_group_ids = ["sg-0a1b2c3d4e5f60718"]
  }
}

resource "aws_apigatewayv2_integration" "other" {
  api_id           = aws_apigatewayv2_api.http.id
  integration_type = "AWS_PROXY"
  integration_uri  = "arn:aws:lambda:us-east-1:123456789012:function:orders-worker-api"
}

data "aws_partition" "current" {}

resource "aws_lambda_permission" "events" {
  action        = "lambda:InvokeFunction"
  function_name = "arn:aws:lambda:us-east-1:123456789012:function:orders-worker"
  principal     = "events.${data.aws_partition.current.dns_suffix}"
}

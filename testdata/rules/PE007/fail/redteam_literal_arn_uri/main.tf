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

# Red team: the integration URI is a literal ARN naming the function.
resource "aws_lambda_function" "literal_uri" {
  function_name = "orders-one"
  role          = local.fn.role
  filename      = local.fn.filename
  handler       = "index.handler"
  runtime       = "nodejs20.x"

  vpc_config { # expect: PE007 aws_lambda_function.literal_uri
    subnet_ids         = ["subnet-0a1b2c3d4e5f60718"]
    security_group_ids = ["sg-0a1b2c3d4e5f60718"]
  }
}

resource "aws_apigatewayv2_integration" "literal_uri" {
  api_id           = aws_apigatewayv2_api.http.id
  integration_type = "AWS_PROXY"
  integration_uri  = "arn:aws:lambda:us-east-1:123456789012:function:orders-one"
}

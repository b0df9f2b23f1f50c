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

# Red team: the integration targets a data source that reads the function.
resource "aws_lambda_function" "via_data" {
  function_name = "orders-three"
  role          = local.fn.role
  filename      = local.fn.filename
  handler       = "index.handler"
  runtime       = "nodejs20.x"

  vpc_config { # expect: PE007 aws_lambda_function.via_data
    subnet_ids         = ["subnet-0a1b2c3d4e5f60718"]
    security_group_ids = ["sg-0a1b2c3d4e5f60718"]
  }
}

data "aws_lambda_function" "via_data" {
  function_name = aws_lambda_function.via_data.function_name
}

resource "aws_apigatewayv2_integration" "via_data" {
  api_id           = aws_apigatewayv2_api.http.id
  integration_type = "AWS_PROXY"
  integration_uri  = data.aws_lambda_function.via_data.invoke_arn
}

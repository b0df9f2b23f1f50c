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

# No name pattern and no integration in this configuration: only the
# apigateway.amazonaws.com permission makes these API Lambdas.
resource "aws_lambda_function" "orders" {
  function_name = "orders-handler"
  role          = "arn:aws:iam::123456789012:role/lambda"
  filename      = "orders.zip"
  handler       = "index.handler"
  runtime       = "nodejs20.x"

  vpc_config { # expect: PE007 aws_lambda_function.orders
    subnet_ids         = ["subnet-0a1b2c3d4e5f60718"]
    security_group_ids = ["sg-0a1b2c3d4e5f60718"]
  }
}

resource "aws_lambda_permission" "orders" {
  statement_id  = "AllowApiGateway"
  action        = "lambda:InvokeFunction"
  function_name = aws_lambda_function.orders.function_name
  principal     = "apigateway.amazonaws.com"
  source_arn    = "arn:aws:execute-api:us-east-1:123456789012:abc123/*/*"
}

# The permission names this function by its literal name.
resource "aws_lambda_function" "invoices" {
  function_name = "invoices-handler"
  role          = "arn:aws:iam::123456789012:role/lambda"
  filename      = "invoices.zip"
  handler       = "index.handler"
  runtime       = "nodejs20.x"

  vpc_config { # expect: PE007 aws_lambda_function.invoices
    subnet_ids         = ["subnet-0a1b2c3d4e5f60718"]
    security_group_ids = ["sg-0a1b2c3d4e5f60718"]
  }
}

resource "aws_lambda_permission" "invoices" {
  statement_id  = "AllowApiGateway"
  action        = "lambda:InvokeFunction"
  function_name = "invoices-handler"
  principal     = "apigateway.amazonaws.com"
}

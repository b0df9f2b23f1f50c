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

# The integration and the API Gateway permission target `orders`, which is not in a VPC.
# `ledger` is in a VPC but nothing from API Gateway reaches it: it is a worker.
resource "aws_lambda_function" "orders" {
  function_name = "orders-handler"
  role          = "arn:aws:iam::123456789012:role/lambda"
  filename      = "orders.zip"
  handler       = "index.handler"
  runtime       = "nodejs20.x"
}

resource "aws_lambda_function" "ledger" {
  function_name = "ledger-writer"
  role          = "arn:aws:iam::123456789012:role/lambda"
  filename      = "ledger.zip"
  handler       = "index.handler"
  runtime       = "nodejs20.x"

  vpc_config {
    subnet_ids         = ["subnet-0a1b2c3d4e5f60718"]
    security_group_ids = ["sg-0a1b2c3d4e5f60718"]
  }
}

resource "aws_api_gateway_rest_api" "api" {
  name = "photo-api"
}

resource "aws_api_gateway_method" "any" {
  rest_api_id   = aws_api_gateway_rest_api.api.id
  resource_id   = aws_api_gateway_rest_api.api.root_resource_id
  http_method   = "ANY"
  authorization = "NONE"
}

resource "aws_api_gateway_integration" "orders" {
  rest_api_id             = aws_api_gateway_rest_api.api.id
  resource_id             = aws_api_gateway_rest_api.api.root_resource_id
  http_method             = aws_api_gateway_method.any.http_method
  integration_http_method = "POST"
  type                    = "AWS_PROXY"
  uri                     = aws_lambda_function.orders.invoke_arn
}

resource "aws_lambda_permission" "orders" {
  statement_id  = "AllowApiGateway"
  action        = "lambda:InvokeFunction"
  function_name = "orders-handler"
  principal     = "apigateway.amazonaws.com"
}

resource "aws_lambda_permission" "ledger_events" {
  statement_id  = "AllowEventBridge"
  action        = "lambda:InvokeFunction"
  function_name = aws_lambda_function.ledger.function_name
  principal     = "events.amazonaws.com"
}

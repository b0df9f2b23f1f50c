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

data "aws_partition" "current" {}

resource "aws_apigatewayv2_api" "http" {
  name          = "http"
  protocol_type = "HTTP"
}

# The integration targets an alias of the function.
resource "aws_lambda_function" "orders" {
  function_name = "orders-handler"
  role          = "arn:aws:iam::123456789012:role/lambda"
  filename      = "orders.zip"
  handler       = "index.handler"
  runtime       = "nodejs20.x"
  publish       = true

  vpc_config { # expect: PE007 aws_lambda_function.orders
    subnet_ids         = ["subnet-0a1b2c3d4e5f60718"]
    security_group_ids = ["sg-0a1b2c3d4e5f60718"]
  }
}

resource "aws_lambda_alias" "orders" {
  name             = "live"
  function_name    = aws_lambda_function.orders.function_name
  function_version = aws_lambda_function.orders.version
}

resource "aws_apigatewayv2_integration" "orders" {
  api_id           = aws_apigatewayv2_api.http.id
  integration_type = "AWS_PROXY"
  integration_uri  = aws_lambda_alias.orders.invoke_arn
}

# The integration targets a published version (qualified invoke ARN).
resource "aws_lambda_function" "invoices" {
  function_name = "invoices-handler"
  role          = "arn:aws:iam::123456789012:role/lambda"
  filename      = "invoices.zip"
  handler       = "index.handler"
  runtime       = "nodejs20.x"
  publish       = true

  vpc_config { # expect: PE007 aws_lambda_function.invoices
    subnet_ids         = ["subnet-0a1b2c3d4e5f60718"]
    security_group_ids = ["sg-0a1b2c3d4e5f60718"]
  }
}

resource "aws_apigatewayv2_integration" "invoices" {
  api_id           = aws_apigatewayv2_api.http.id
  integration_type = "AWS_PROXY"
  integration_uri  = aws_lambda_function.invoices.qualified_invoke_arn
}

# The principal is written with the partition's DNS suffix.
resource "aws_lambda_function" "refunds" {
  function_name = "refunds-handler"
  role          = "arn:aws:iam::123456789012:role/lambda"
  filename      = "refunds.zip"
  handler       = "index.handler"
  runtime       = "nodejs20.x"
  publish       = true

  vpc_config { # expect: PE007 aws_lambda_function.refunds
    subnet_ids         = ["subnet-0a1b2c3d4e5f60718"]
    security_group_ids = ["sg-0a1b2c3d4e5f60718"]
  }
}

resource "aws_lambda_permission" "refunds" {
  statement_id  = "AllowApiGateway"
  action        = "lambda:InvokeFunction"
  function_name = aws_lambda_function.refunds.function_name
  principal     = "apigateway.${data.aws_partition.current.dns_suffix}"
}

# The permission names an alias of the function (its qualified ARN).
resource "aws_lambda_function" "payouts" {
  function_name = "payouts-handler"
  role          = "arn:aws:iam::123456789012:role/lambda"
  filename      = "payouts.zip"
  handler       = "index.handler"
  runtime       = "nodejs20.x"
  publish       = true

  vpc_config { # expect: PE007 aws_lambda_function.payouts
    subnet_ids         = ["subnet-0a1b2c3d4e5f60718"]
    security_group_ids = ["sg-0a1b2c3d4e5f60718"]
  }
}

resource "aws_lambda_alias" "payouts" {
  name             = "live"
  function_name    = aws_lambda_function.payouts.arn
  function_version = aws_lambda_function.payouts.version
}

resource "aws_lambda_permission" "payouts" {
  statement_id  = "AllowApiGateway"
  action        = "lambda:InvokeFunction"
  function_name = aws_lambda_alias.payouts.arn
  principal     = "apigateway.amazonaws.com"
}

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

# Red team: a function in a module called with for_each; the permission names module output.
module "fns" {
  source   = "./modules/fn"
  for_each = toset(["eight"])
  name     = "orders-${each.key}"
}

resource "aws_lambda_permission" "module" {
  action        = "lambda:InvokeFunction"
  function_name = module.fns["eight"].name
  principal     = "apigateway.amazonaws.com"
  source_arn    = "${aws_apigatewayv2_api.http.execution_arn}/*"
}

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

provider "aws" {
  alias  = "west"
  region = "us-west-2"
}

variable "environment" {
  type    = string
  default = "prod"
}

variable "create" {
  type = bool
}

locals {
  lambda = {
    role    = "arn:aws:iam::123456789012:role/lambda"
    handler = "index.handler"
    runtime = "nodejs20.x"
  }
}

# Ways a log group with a matching name still leaves the function's logs in a group that
# never expires.

# logging_config sends the logs elsewhere: the /aws/lambda/ group holds nothing.
resource "aws_lambda_function" "elsewhere" { # expect: PE005 aws_lambda_function.elsewhere
  function_name = "elsewhere"
  role          = local.lambda.role
  handler       = local.lambda.handler
  runtime       = local.lambda.runtime
  filename      = "f.zip"
  logging_config {
    log_format = "Text"
    log_group  = "/custom/elsewhere"
  }
}

resource "aws_cloudwatch_log_group" "elsewhere" {
  name              = "/aws/lambda/elsewhere"
  retention_in_days = 90
}

# Log group names are case-sensitive.
resource "aws_lambda_function" "cased" { # expect: PE005 aws_lambda_function.cased
  function_name = "Photo-Resize"
  role          = local.lambda.role
  handler       = local.lambda.handler
  runtime       = local.lambda.runtime
  filename      = "f.zip"
}

resource "aws_cloudwatch_log_group" "cased" {
  name              = "/aws/lambda/photo-resize"
  retention_in_days = 90
}

# The group is created through another provider configuration (here another region).
resource "aws_lambda_function" "other_region" { # expect-unresolved: PE005 aws_lambda_function.other_region
  function_name = "other-region"
  role          = local.lambda.role
  handler       = local.lambda.handler
  runtime       = local.lambda.runtime
  filename      = "f.zip"
}

resource "aws_cloudwatch_log_group" "other_region" {
  provider          = aws.west
  name              = "/aws/lambda/other-region"
  retention_in_days = 90
}

# count = 0: the group is never created.
resource "aws_lambda_function" "count_zero" { # expect: PE005 aws_lambda_function.count_zero
  function_name = "count-zero"
  role          = local.lambda.role
  handler       = local.lambda.handler
  runtime       = local.lambda.runtime
  filename      = "f.zip"
}

resource "aws_cloudwatch_log_group" "count_zero" {
  count             = 0
  name              = "/aws/lambda/count-zero"
  retention_in_days = 90
}

# The group's count is unknown: it may not exist.
resource "aws_lambda_function" "maybe" { # expect-unresolved: PE005 aws_lambda_function.maybe
  function_name = "maybe"
  role          = local.lambda.role
  handler       = local.lambda.handler
  runtime       = local.lambda.runtime
  filename      = "f.zip"
}

resource "aws_cloudwatch_log_group" "maybe" {
  count             = var.create ? 1 : 0
  name              = "/aws/lambda/maybe"
  retention_in_days = 90
}

# A second group of the same name: the function is covered, but each group's retention is
# judged, and the one that never expires fails (apply would also fail on the duplicate).
resource "aws_lambda_function" "twice" {
  function_name = "twice"
  role          = local.lambda.role
  handler       = local.lambda.handler
  runtime       = local.lambda.runtime
  filename      = "f.zip"
}

resource "aws_cloudwatch_log_group" "twice_a" {
  name              = "/aws/lambda/twice"
  retention_in_days = 90
}

resource "aws_cloudwatch_log_group" "twice_b" {
  name              = "/aws/lambda/twice"
  retention_in_days = 0 # expect: PE005 aws_cloudwatch_log_group.twice_b
}

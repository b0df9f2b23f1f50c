# One resource per setting the configuration can change. With the defaults (and no
# environment): PE001 fails on the key, PE005 is unresolved for the log group, PE006 passes,
# PE007 passes (the edge Lambda is not an API Lambda), PE008 fails on s3:Get* and on the
# table wildcard.
provider "aws" {
  region = "us-east-1"
  default_tags {
    tags = {
      Project    = "photo-editor"
      Env        = "qa"
      Owner      = "platform"
      CostCenter = "cc-1"
    }
  }
}

resource "aws_kms_key" "key" {
  enable_key_rotation = false
}

resource "aws_cloudwatch_log_group" "app" {
  name              = "/photo-editor/app"
  retention_in_days = 60
}

resource "aws_lambda_function" "edge" {
  function_name                  = "edge-router"
  role                           = "arn:aws:iam::123456789012:role/lambda"
  filename                       = "edge.zip"
  handler                        = "index.handler"
  runtime                        = "python3.12"
  reserved_concurrent_executions = 1
  vpc_config {
    subnet_ids         = ["subnet-1"]
    security_group_ids = ["sg-1"]
  }
}

resource "aws_cloudwatch_log_group" "edge" {
  name              = "/aws/lambda/edge-router"
  retention_in_days = 60
}

resource "aws_iam_policy" "read" {
  name = "read"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = ["s3:Get*"]
      Resource = ["arn:aws:s3:::assets/*"]
    }]
  })
}

resource "aws_iam_policy" "tables" {
  name = "tables"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = ["dynamodb:GetItem"]
      Resource = ["arn:aws:dynamodb:*:*:table/*"]
    }]
  })
}

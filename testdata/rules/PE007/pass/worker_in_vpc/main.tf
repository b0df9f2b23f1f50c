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

# Workers may be in a VPC. "state" is not one of the API patterns, and an S3 permission
# or an SQS event source mapping does not make a function an API Lambda.
resource "aws_lambda_function" "worker" {
  function_name = "photo-editor-worker"
  role          = "arn:aws:iam::123456789012:role/lambda"
  filename      = "worker.zip"
  handler       = "index.handler"
  runtime       = "nodejs20.x"

  vpc_config {
    subnet_ids         = ["subnet-0a1b2c3d4e5f60718", "subnet-0a1b2c3d4e5f60719"]
    security_group_ids = ["sg-0a1b2c3d4e5f60718"]
  }
}

resource "aws_lambda_function" "state_sync" {
  function_name = "photo-state-sync"
  role          = "arn:aws:iam::123456789012:role/lambda"
  filename      = "sync.zip"
  handler       = "index.handler"
  runtime       = "nodejs20.x"

  vpc_config {
    subnet_ids         = ["subnet-0a1b2c3d4e5f60718"]
    security_group_ids = ["sg-0a1b2c3d4e5f60718"]
  }
}

resource "aws_lambda_permission" "s3" {
  statement_id  = "AllowS3"
  action        = "lambda:InvokeFunction"
  function_name = aws_lambda_function.worker.function_name
  principal     = "s3.amazonaws.com"
}

resource "aws_lambda_event_source_mapping" "jobs" {
  event_source_arn = "arn:aws:sqs:us-east-1:123456789012:jobs"
  function_name    = aws_lambda_function.state_sync.arn
}

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

resource "aws_s3_bucket" "b" {
  bucket = "photo-editor-final"
}

resource "aws_dynamodb_table" "t" {
  name         = "jobs"
  billing_mode = "PAY_PER_REQUEST"
  hash_key     = "id"

  attribute {
    name = "id"
    type = "S"
  }
}

resource "aws_cloudwatch_log_group" "g" {
  name              = "/aws/lambda/worker"
  retention_in_days = 90
}

resource "aws_sqs_queue" "q" {
  name = "jobs"
}

# Wildcards after a concrete resource are scoped.
data "aws_iam_policy_document" "worker" {
  statement {
    sid       = "Objects"
    actions   = ["s3:GetObject", "s3:PutObject"]
    resources = ["arn:aws:s3:::my-bucket/*", "${aws_s3_bucket.b.arn}/*"]
  }

  statement {
    sid       = "Table"
    effect    = "Allow"
    actions   = ["dynamodb:GetItem", "dynamodb:Query"]
    resources = [aws_dynamodb_table.t.arn, "${aws_dynamodb_table.t.arn}/index/*"]
  }

  statement {
    sid       = "Logs"
    actions   = ["logs:CreateLogStream", "logs:PutLogEvents"]
    resources = ["${aws_cloudwatch_log_group.g.arn}:*"]
  }

  statement {
    sid       = "Queue"
    actions   = ["sqs:ReceiveMessage", "sqs:DeleteMessage"]
    resources = [aws_sqs_queue.q.arn, "arn:aws:sqs:us-east-1:123456789012:jobs-dlq"]
  }
}

resource "aws_iam_policy" "worker" {
  name   = "worker"
  policy = data.aws_iam_policy_document.worker.json
}

resource "aws_iam_role_policy" "worker" {
  name   = "worker"
  role   = "existing-role"
  policy = data.aws_iam_policy_document.worker.json
}

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

# Reported once, on the data source, although two policies use it.
resource "aws_dynamodb_table" "jobs" {
  name         = "jobs"
  billing_mode = "PAY_PER_REQUEST"
  hash_key     = "id"

  attribute {
    name = "id"
    type = "S"
  }
}

data "aws_iam_policy_document" "status" {
  statement {
    sid       = "ReadJobs"
    actions   = ["dynamodb:*"] # expect: PE008 data.aws_iam_policy_document.status
    resources = [aws_dynamodb_table.jobs.arn, "${aws_dynamodb_table.jobs.arn}/index/*"]
  }
}

resource "aws_iam_role_policy" "status" {
  name   = "status"
  role   = "existing-role"
  policy = data.aws_iam_policy_document.status.json
}

resource "aws_iam_policy" "status" {
  name   = "status"
  policy = data.aws_iam_policy_document.status.json
}

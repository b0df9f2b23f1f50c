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

data "aws_iam_policy_document" "buckets" {
  statement {
    sid       = "Scoped"
    actions   = ["s3:PutObject"]
    resources = ["arn:aws:s3:::photo-editor-final/*"]
  }

  statement {
    sid       = "AllBuckets"
    actions   = ["s3:GetObject"]
    resources = ["arn:aws:s3:::*"] # expect: PE008 data.aws_iam_policy_document.buckets
  }
}

# Resource "*" with an action that can be scoped.
data "aws_iam_policy_document" "star" {
  statement {
    actions   = ["xray:PutTraceSegments", "sqs:SendMessage"]
    resources = ["*"] # expect: PE008 data.aws_iam_policy_document.star
  }
}

resource "aws_iam_user_policy" "buckets" {
  name   = "buckets"
  user   = "ci-user"
  policy = data.aws_iam_policy_document.buckets.json
}

resource "aws_iam_role_policy" "star" {
  name   = "star"
  role   = "existing-role"
  policy = data.aws_iam_policy_document.star.json
}

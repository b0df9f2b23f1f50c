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

# The wildcard is two source_policy_documents hops away from the attached policy.
data "aws_iam_policy_document" "a" {
  statement {
    sid       = "Wide"
    actions   = ["dynamodb:*"] # expect: PE008 data.aws_iam_policy_document.a
    resources = ["arn:aws:dynamodb:us-east-1:123456789012:table/jobs"]
  }
}

data "aws_iam_policy_document" "b" {
  source_policy_documents = [data.aws_iam_policy_document.a.json]
}

data "aws_iam_policy_document" "c" {
  source_policy_documents = [data.aws_iam_policy_document.b.json]
}

resource "aws_iam_policy" "p" {
  name   = "chained"
  policy = data.aws_iam_policy_document.c.json
}

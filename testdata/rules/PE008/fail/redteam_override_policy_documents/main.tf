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

# The override document replaces the statement with the same sid: the final policy allows "*".
data "aws_iam_policy_document" "base" {
  statement {
    sid       = "Main"
    actions   = ["s3:GetObject"]
    resources = ["arn:aws:s3:::photo-editor-uploads/*"]
  }
}

data "aws_iam_policy_document" "override" {
  statement {
    sid       = "Main"
    actions   = ["*"] # expect: PE008 data.aws_iam_policy_document.override
    resources = ["arn:aws:s3:::photo-editor-uploads/*"]
  }
}

data "aws_iam_policy_document" "final" {
  source_policy_documents   = [data.aws_iam_policy_document.base.json]
  override_policy_documents = [data.aws_iam_policy_document.override.json]
}

resource "aws_iam_policy" "p" {
  name   = "overridden"
  policy = data.aws_iam_policy_document.final.json
}

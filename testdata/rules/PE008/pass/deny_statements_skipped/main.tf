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

data "aws_iam_policy_document" "guardrails" {
  statement {
    sid       = "ReadUploads"
    actions   = ["s3:GetObject"]
    resources = ["arn:aws:s3:::photo-editor-uploads/*"]
  }

  statement {
    sid       = "DenyEverythingElse"
    effect    = "Deny"
    actions   = ["*"]
    resources = ["*"]
  }

  statement {
    sid         = "DenyOtherActions"
    effect      = "Deny"
    not_actions = ["s3:GetObject"]
    resources   = ["*"]
  }
}

resource "aws_iam_policy" "guardrails" {
  name   = "guardrails"
  policy = data.aws_iam_policy_document.guardrails.json
}

resource "aws_iam_user_policy" "deny" {
  name = "deny"
  user = "ci-user"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect      = "Deny"
      Action      = "s3:*"
      NotResource = "arn:aws:s3:::photo-editor-uploads/*"
    }]
  })
}

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

data "aws_iam_policy_document" "not_actions" {
  statement {
    not_actions = ["iam:CreateUser"] # expect: PE008 data.aws_iam_policy_document.not_actions
    resources   = ["arn:aws:s3:::photo-editor-uploads/*"]
  }
}

data "aws_iam_policy_document" "not_resources" {
  statement {
    effect        = "Allow"
    actions       = ["s3:GetObject"]
    not_resources = ["arn:aws:s3:::photo-editor-secrets/*"] # expect: PE008 data.aws_iam_policy_document.not_resources
  }
}

resource "aws_iam_policy" "not_actions" {
  name   = "not-actions"
  policy = data.aws_iam_policy_document.not_actions.json
}

resource "aws_iam_group_policy" "not_resources" {
  name   = "not-resources"
  group  = "ops"
  policy = data.aws_iam_policy_document.not_resources.json
}

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

resource "aws_iam_policy" "not_action" {
  name = "not-action"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      NotAction = ["iam:*", "organizations:*"] # expect: PE008 aws_iam_policy.not_action
      Resource  = "arn:aws:s3:::photo-editor-uploads/*"
    }]
  })
}

resource "aws_iam_policy" "not_resource" {
  name = "not-resource"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect      = "Allow"
      Action      = "s3:GetObject"
      NotResource = "arn:aws:s3:::photo-editor-secrets/*" # expect: PE008 aws_iam_policy.not_resource
    }]
  })
}

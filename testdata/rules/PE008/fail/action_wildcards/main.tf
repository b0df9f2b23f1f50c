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

# `*`, a `*` anywhere in the action, and `?` all fail.
resource "aws_iam_policy" "star" {
  name   = "star"
  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "*", Resource = "arn:aws:s3:::photo-editor-uploads/*" }] }) # expect: PE008 aws_iam_policy.star
}

resource "aws_iam_policy" "prefix" {
  name   = "prefix"
  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = ["s3:GetObject", "s3:Get*"], Resource = "arn:aws:s3:::photo-editor-uploads/*" }] }) # expect: PE008 aws_iam_policy.prefix
}

resource "aws_iam_policy" "infix" {
  name   = "infix"
  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "iam:*Policy", Resource = "arn:aws:iam::123456789012:role/app" }] }) # expect: PE008 aws_iam_policy.infix
}

resource "aws_iam_policy" "question_mark" {
  name   = "question-mark"
  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "s3:GetObjectVersio?", Resource = "arn:aws:s3:::photo-editor-uploads/*" }] }) # expect: PE008 aws_iam_policy.question_mark
}

# A statement without Effect is an Allow statement.
resource "aws_iam_policy" "no_effect" {
  name   = "no-effect"
  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Action = "dynamodb:*", Resource = "arn:aws:dynamodb:us-east-1:123456789012:table/jobs" }] }) # expect: PE008 aws_iam_policy.no_effect
}

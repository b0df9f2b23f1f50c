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

resource "aws_iam_policy" "star" {
  name   = "star"
  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "s3:GetObject", Resource = "*" }] }) # expect: PE008 aws_iam_policy.star
}

resource "aws_iam_policy" "whole_bucket_name" {
  name   = "whole-bucket-name"
  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "s3:GetObject", Resource = "arn:aws:s3:::*" }] }) # expect: PE008 aws_iam_policy.whole_bucket_name
}

resource "aws_iam_policy" "region_and_account" {
  name   = "region-and-account"
  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "dynamodb:GetItem", Resource = "arn:aws:dynamodb:*:*:table/orders" }] }) # expect: PE008 aws_iam_policy.region_and_account
}

resource "aws_iam_policy" "account_only" {
  name   = "account-only"
  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "sqs:SendMessage", Resource = "arn:aws:sqs:us-east-1:*:jobs" }] }) # expect: PE008 aws_iam_policy.account_only
}

resource "aws_iam_policy" "partition" {
  name   = "partition"
  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "s3:GetObject", Resource = "arn:*:s3:::photo-editor-uploads/*" }] }) # expect: PE008 aws_iam_policy.partition
}

resource "aws_iam_policy" "service" {
  name   = "service"
  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "s3:GetObject", Resource = "arn:aws:s?:::photo-editor-uploads/*" }] }) # expect: PE008 aws_iam_policy.service
}

resource "aws_iam_policy" "whole_queue_name" {
  name   = "whole-queue-name"
  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "sqs:SendMessage", Resource = "arn:aws:sqs:us-east-1:123456789012:*" }] }) # expect: PE008 aws_iam_policy.whole_queue_name
}

resource "aws_iam_policy" "whole_table_name" {
  name   = "whole-table-name"
  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "dynamodb:GetItem", Resource = "arn:aws:dynamodb:us-east-1:123456789012:table/*" }] }) # expect: PE008 aws_iam_policy.whole_table_name
}

terraform {
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "5.100.0"
    }
  }
}

# No default_tags and no tags anywhere: none of these types has a `tags` argument,
# and data sources are never checked.
provider "aws" {
  region = "us-east-1"
}

data "aws_caller_identity" "current" {}

data "aws_iam_policy_document" "read" {
  statement {
    actions   = ["s3:GetObject"]
    resources = ["arn:aws:s3:::photo-editor-uploads/*"]
  }
}

resource "aws_iam_role_policy" "read" {
  name   = "read"
  role   = "existing-role"
  policy = data.aws_iam_policy_document.read.json
}

resource "aws_kms_alias" "k" {
  name          = "alias/photo-editor"
  target_key_id = "1234abcd-12ab-34cd-56ef-1234567890ab"
}

resource "aws_lambda_permission" "s3" {
  statement_id  = "AllowS3"
  action        = "lambda:InvokeFunction"
  function_name = "existing-function"
  principal     = "s3.amazonaws.com"
}

resource "aws_s3_bucket_public_access_block" "existing" {
  bucket                  = "existing-bucket"
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_sns_topic_subscription" "email" {
  topic_arn = "arn:aws:sns:us-east-1:${data.aws_caller_identity.current.account_id}:alerts"
  protocol  = "email"
  endpoint  = "ops@example.com"
}

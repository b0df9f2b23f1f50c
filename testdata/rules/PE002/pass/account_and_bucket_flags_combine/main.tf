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

# S3 applies the most restrictive of the account and bucket settings, flag by flag: the account
# block turns on two flags and the bucket block the other two.
resource "aws_s3_account_public_access_block" "account" {
  block_public_acls  = true
  ignore_public_acls = true
}

resource "aws_s3_bucket" "b" {
  bucket = "photo-editor-b"
}

resource "aws_s3_bucket_public_access_block" "b" {
  bucket                  = aws_s3_bucket.b.id
  block_public_policy     = true
  restrict_public_buckets = true
}

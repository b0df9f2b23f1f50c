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

# Compliant code, not to be failed: the block names the bucket through a data source that looks
# it up by name, which is the same bucket.
resource "aws_s3_bucket" "b" {
  bucket = "photo-editor-b"
}

data "aws_s3_bucket" "b" {
  bucket = aws_s3_bucket.b.id
}

resource "aws_s3_bucket_public_access_block" "b" {
  bucket                  = data.aws_s3_bucket.b.id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

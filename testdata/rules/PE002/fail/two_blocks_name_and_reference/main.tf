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

# One block by reference and one by the bucket name string: both are the same bucket.
resource "aws_s3_bucket" "b" {
  bucket = "photo-editor-b"
}

resource "aws_s3_bucket_public_access_block" "by_ref" {
  bucket                  = aws_s3_bucket.b.id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket_public_access_block" "by_name" {
  bucket                  = "photo-editor-b"
  block_public_acls       = false # expect: PE002 aws_s3_bucket.b
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

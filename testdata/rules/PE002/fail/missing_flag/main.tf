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

# A missing flag counts as false; no flag is written as false, so the finding is on the bucket.
resource "aws_s3_bucket" "b" { # expect: PE002 aws_s3_bucket.b
  bucket = "photo-editor-b"
}

resource "aws_s3_bucket_public_access_block" "b" {
  bucket                  = aws_s3_bucket.b.id
  block_public_acls       = true
  block_public_policy     = true
  restrict_public_buckets = true
}

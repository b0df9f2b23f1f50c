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

# Two flags are false: the finding points at the first one written.
resource "aws_s3_bucket" "b" {
  bucket = "photo-editor-b"
}

resource "aws_s3_bucket_public_access_block" "b" {
  bucket                  = aws_s3_bucket.b.id
  block_public_acls       = true
  block_public_policy     = false # expect: PE002 aws_s3_bucket.b
  ignore_public_acls      = false
  restrict_public_buckets = true
}

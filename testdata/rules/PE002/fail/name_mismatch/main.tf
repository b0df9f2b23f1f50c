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

# The access block names a different bucket, so this bucket has none.
resource "aws_s3_bucket" "uploads" { # expect: PE002 aws_s3_bucket.uploads
  bucket = "photo-editor-uploads"
}

resource "aws_s3_bucket_public_access_block" "other" {
  bucket                  = "photo-editor-uploads-old"
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

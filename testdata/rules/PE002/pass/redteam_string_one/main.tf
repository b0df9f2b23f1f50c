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

# Compliant code, not to be failed: "1" is true for a bool argument, as Terraform converts it.
resource "aws_s3_bucket" "b" {
  bucket = "photo-editor-b"
}

resource "aws_s3_bucket_public_access_block" "b" {
  bucket                  = aws_s3_bucket.b.id
  block_public_acls       = "1"
  block_public_policy     = true
  ignore_public_acls      = "true"
  restrict_public_buckets = true
}

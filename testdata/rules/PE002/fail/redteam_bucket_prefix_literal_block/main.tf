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

# Evasion: the bucket gets a random name from bucket_prefix; a block for a literal name that
# may or may not be it is never credit.
resource "aws_s3_bucket" "b" { # expect-unresolved: PE002 aws_s3_bucket.b
  bucket_prefix = "photo-editor-"
}

resource "aws_s3_bucket_public_access_block" "b" {
  bucket                  = "photo-editor-b"
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

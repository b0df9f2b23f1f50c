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

# Every block instance names the "a" bucket: bucket "b" has none, bucket "a" has two.
resource "aws_s3_bucket" "this" { # expect: PE002 aws_s3_bucket.this["b"]
  for_each = toset(["a", "b"])
  bucket   = "photo-editor-${each.key}"
}

resource "aws_s3_bucket_public_access_block" "this" {
  for_each                = aws_s3_bucket.this
  bucket                  = aws_s3_bucket.this["a"].id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

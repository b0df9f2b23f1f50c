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

resource "aws_s3_bucket" "covered" {
  bucket = "photo-editor-covered"
}

resource "aws_s3_bucket_public_access_block" "covered" {
  bucket                  = aws_s3_bucket.covered.id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket" "logs" { # expect: PE002 aws_s3_bucket.logs
  bucket = "photo-editor-logs"
}

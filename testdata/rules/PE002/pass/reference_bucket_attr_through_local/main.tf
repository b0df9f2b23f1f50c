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

resource "aws_s3_bucket" "final" {
  bucket_prefix = "photo-editor-final-"
}

locals {
  final_bucket = aws_s3_bucket.final.bucket
}

resource "aws_s3_bucket_public_access_block" "final" {
  bucket                  = local.final_bucket
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

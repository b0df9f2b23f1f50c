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

resource "aws_s3_bucket" "named" {
  for_each = toset(["logs", "media"])
  bucket   = "photo-editor-${each.key}"
}

resource "aws_s3_bucket_public_access_block" "named" {
  for_each                = aws_s3_bucket.named
  bucket                  = each.value.id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket" "numbered" {
  count  = 2
  bucket = "photo-editor-shard-${count.index}"
}

resource "aws_s3_bucket_public_access_block" "numbered" {
  count                   = 2
  bucket                  = aws_s3_bucket.numbered[count.index].id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

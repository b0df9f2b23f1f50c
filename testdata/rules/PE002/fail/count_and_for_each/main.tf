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
  block_public_policy     = each.key != "logs" # expect: PE002 aws_s3_bucket.named["logs"]
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket" "numbered" { # expect: PE002 aws_s3_bucket.numbered[0] # expect: PE002 aws_s3_bucket.numbered[1]
  count  = 2
  bucket = "photo-editor-shard-${count.index}"
}

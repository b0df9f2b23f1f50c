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

# The block exists only when var.public_block_enabled is true, which is unknown here: the
# bucket may be deployed without it.
variable "public_block_enabled" {
  type = bool
}

resource "aws_s3_bucket" "b" {
  bucket = "photo-editor-b"
}

resource "aws_s3_bucket_public_access_block" "b" { # expect-unresolved: PE002 aws_s3_bucket.b
  count                   = var.public_block_enabled ? 1 : 0
  bucket                  = aws_s3_bucket.b.id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

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

# The account-level block may not exist (count from a variable with no value); the bucket has
# no block of its own.
variable "account_block" {
  type = bool
}

resource "aws_s3_account_public_access_block" "account" { # expect-unresolved: PE002 aws_s3_bucket.b
  count                   = var.account_block ? 1 : 0
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket" "b" {
  bucket = "photo-editor-b"
}

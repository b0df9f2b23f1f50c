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

# The account-level block leaves restrict_public_buckets unset (false), so it covers nothing.
resource "aws_s3_account_public_access_block" "account" {
  block_public_acls   = true
  block_public_policy = true
  ignore_public_acls  = true
}

resource "aws_s3_bucket" "b" { # expect: PE002 aws_s3_bucket.b
  bucket = "photo-editor-b"
}

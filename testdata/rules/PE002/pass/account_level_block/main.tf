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

# The account-level block with all four flags true covers every bucket.
resource "aws_s3_account_public_access_block" "account" {
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket" "a" {
  bucket = "photo-editor-a"
}

resource "aws_s3_bucket" "b" {
  bucket = "photo-editor-b"
}

module "store" {
  source = "./modules/store"
}

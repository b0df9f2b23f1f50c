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

# The access blocks name the buckets by their evaluated name, not by reference.
variable "prefix" {
  type    = string
  default = "photo-editor"
}

resource "aws_s3_bucket" "uploads" {
  bucket = "photo-editor-uploads"
}

resource "aws_s3_bucket_public_access_block" "uploads" {
  bucket                  = "photo-editor-uploads"
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket" "exports" {
  bucket = "${var.prefix}-exports"
}

resource "aws_s3_bucket_public_access_block" "exports" {
  bucket                  = "photo-editor-exports"
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

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

# The only block names its bucket through a variable with no value: it may be this bucket or
# another one, so the bucket is unresolved, never covered.
variable "protected_bucket" {
  type = string
}

resource "aws_s3_bucket" "b" { # expect-unresolved: PE002 aws_s3_bucket.b
  bucket = "photo-editor-b"
}

resource "aws_s3_bucket_public_access_block" "b" {
  bucket                  = var.protected_bucket
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

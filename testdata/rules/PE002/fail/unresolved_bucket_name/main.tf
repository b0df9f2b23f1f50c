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

# No block refers to the bucket by reference, and its name is unknown, so a name match
# cannot be decided.
variable "bucket_name" {
  type = string
}

resource "aws_s3_bucket" "b" { # expect-unresolved: PE002 aws_s3_bucket.b
  bucket = var.bucket_name
}

resource "aws_s3_bucket_public_access_block" "named" {
  bucket                  = "photo-editor-uploads"
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

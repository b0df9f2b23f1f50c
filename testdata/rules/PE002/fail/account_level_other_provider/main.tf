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

# The account-level block is created through the "audit" provider configuration, which assumes
# a role in another account: it does not cover the buckets of the default configuration.
provider "aws" {
  alias  = "audit"
  region = "us-east-1"
  assume_role {
    role_arn = "arn:aws:iam::210987654321:role/audit"
  }
}

resource "aws_s3_account_public_access_block" "audit" {
  provider                = aws.audit
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket" "b" { # expect: PE002 aws_s3_bucket.b
  bucket = "photo-editor-b"
}

resource "aws_s3_bucket" "audit" {
  provider = aws.audit
  bucket   = "photo-editor-audit"
}

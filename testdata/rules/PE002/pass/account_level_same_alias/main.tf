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

# Bucket and account-level block go through the same aliased configuration, the module bucket
# through the same one passed in: all are the same account.
provider "aws" {
  alias  = "app"
  region = "us-east-1"
  assume_role {
    role_arn = "arn:aws:iam::123456789012:role/deploy"
  }
}

resource "aws_s3_account_public_access_block" "app" {
  provider                = aws.app
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket" "b" {
  provider = aws.app
  bucket   = "photo-editor-b"
}

module "store" {
  source    = "./modules/store"
  providers = { aws = aws.app }
}

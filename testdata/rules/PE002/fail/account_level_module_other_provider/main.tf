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

# The account-level block covers the default configuration; the module creates its bucket
# through the "logs" configuration (another profile, so another account).
provider "aws" {
  alias   = "logs"
  region  = "us-east-1"
  profile = "log-archive"
}

resource "aws_s3_account_public_access_block" "account" {
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

module "store" {
  source    = "./modules/store"
  providers = { aws = aws.logs }
}

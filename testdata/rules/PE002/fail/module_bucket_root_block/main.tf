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

# Bucket in a module, its access block in the root: the finding is at the root flag,
# on the module bucket's address.
module "store" {
  source = "./modules/store"
  name   = "photo-editor-store"
}

resource "aws_s3_bucket_public_access_block" "store" {
  bucket                  = module.store.bucket_id
  block_public_acls       = false # expect: PE002 module.store.aws_s3_bucket.this
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

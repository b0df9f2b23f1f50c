# Buckets from terraform-aws-modules/s3-bucket v4.11.0 and a key from terraform-aws-modules/kms
# v3.1.1 (testdata/plan/modules): public access blocks refer to their bucket by `id`, which the
# plan knows only after apply.
terraform {
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = ">= 5.83"
    }
  }
}

provider "aws" {
  region = "eu-west-1"
  default_tags {
    tags = {
      Project    = "photo-editor"
      Env        = "dev"
      Owner      = "platform"
      CostCenter = "cc-100"
    }
  }
}

# All four flags on (the module's defaults): passes.
module "assets" {
  source = "../../modules/terraform-aws-s3-bucket@v4.11.0"
  bucket = "pe-assets-dev"
}

# One flag off: fails.
module "logs" {
  source            = "../../modules/terraform-aws-s3-bucket@v4.11.0"
  bucket            = "pe-logs-dev"
  block_public_acls = false
}

module "keyed" {
  for_each = toset(["a", "b"])
  source   = "../../modules/terraform-aws-s3-bucket@v4.11.0"
  bucket   = "pe-keyed-${each.key}-dev"
}

# No public access block: fails.
resource "aws_s3_bucket" "raw" {
  bucket = "pe-raw-dev"
}

# Blocks paired by count.index: the plan lists `aws_s3_bucket.many` without the index, so it
# cannot say which bucket each block is for.
resource "aws_s3_bucket" "many" {
  count  = 2
  bucket = "pe-many-${count.index}-dev"
}

resource "aws_s3_bucket_public_access_block" "many" {
  count                   = 2
  bucket                  = aws_s3_bucket.many[count.index].id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

module "key" {
  source              = "../../modules/terraform-aws-kms@v3.1.1"
  description         = "photo-editor data"
  enable_key_rotation = false
  aliases             = ["pe-data-dev"]
}

provider "aws" {
  region = "eu-west-1"
}

locals {
  buckets = {
    logs    = { versioning = false, expire_days = 30 }
    uploads = { versioning = true, expire_days = 365 }
    exports = { versioning = true, expire_days = 90 }
  }
}

module "bucket" {
  source   = "../../modules-aws5/terraform-aws-s3-bucket@v4.11.0"
  for_each = local.buckets

  bucket = "oracle-${each.key}"

  versioning = {
    enabled = each.value.versioning
  }

  lifecycle_rule = [
    {
      id      = "expire"
      enabled = true
      filter = {
        prefix = ""
      }
      expiration = {
        days = each.value.expire_days
      }
      noncurrent_version_expiration = {
        noncurrent_days = 7
      }
    }
  ]

  tags = { Name = each.key }
}

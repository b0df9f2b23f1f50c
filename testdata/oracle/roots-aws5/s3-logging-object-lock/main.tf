provider "aws" {
  region = "eu-west-1"
}

module "log_bucket" {
  source = "../../modules-aws5/terraform-aws-s3-bucket@v4.11.0"
  bucket = "oracle-s3-logs"

  attach_access_log_delivery_policy     = true
  access_log_delivery_policy_source_accounts = ["123456789012"]
  attach_lb_log_delivery_policy         = true
  attach_elb_log_delivery_policy        = true
}

module "bucket" {
  source = "../../modules-aws5/terraform-aws-s3-bucket@v4.11.0"
  bucket = "oracle-s3-locked"

  object_lock_enabled = true
  object_lock_configuration = {
    rule = {
      default_retention = {
        mode = "GOVERNANCE"
        days = 1
      }
    }
  }

  logging = {
    target_bucket = module.log_bucket.s3_bucket_id
    target_prefix = "log/"
  }

  request_payer = "BucketOwner"
  intelligent_tiering = {
    general = {
      status = "Enabled"
      filter = {
        prefix = "/"
        tags = {
          Environment = "dev"
        }
      }
      tiering = {
        ARCHIVE_ACCESS = {
          days = 180
        }
      }
    }
  }
}

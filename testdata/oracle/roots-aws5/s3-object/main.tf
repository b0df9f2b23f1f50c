provider "aws" {
  region = "eu-west-1"
}

module "object" {
  source = "../../modules-aws5/terraform-aws-s3-bucket@v4.11.0/modules/object"

  bucket        = "oracle-s3-objects"
  key           = "config/app.json"
  content       = jsonencode({ feature = true, retries = 3 })
  content_type  = "application/json"
  storage_class = "STANDARD_IA"
  tags = {
    Sensitive = "not-really"
  }
}

module "public_access" {
  source = "../../modules-aws5/terraform-aws-s3-bucket@v4.11.0/modules/account-public-access"

  account_id              = "123456789012"
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

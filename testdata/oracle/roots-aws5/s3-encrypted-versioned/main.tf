provider "aws" {
  region = "eu-west-1"
  default_tags {
    tags = { Project = "oracle", Owner = "platform" }
  }
}

module "bucket" {
  source = "../../modules-aws5/terraform-aws-s3-bucket@v4.11.0"

  bucket        = "oracle-s3-encrypted"
  force_destroy = true

  versioning = {
    enabled = true
  }

  server_side_encryption_configuration = {
    rule = {
      apply_server_side_encryption_by_default = {
        kms_master_key_id = "arn:aws:kms:eu-west-1:123456789012:key/11111111-2222-3333-4444-555555555555"
        sse_algorithm     = "aws:kms"
      }
      bucket_key_enabled = true
    }
  }

  object_ownership         = "BucketOwnerEnforced"
  control_object_ownership = true

  tags = { Environment = "prod" }
}

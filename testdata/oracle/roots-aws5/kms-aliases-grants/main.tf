provider "aws" {
  region = "eu-west-1"
}

module "key" {
  source = "../../modules-aws5/terraform-aws-kms@v3.1.1"

  description             = "oracle key with aliases"
  deletion_window_in_days = 7
  enable_key_rotation     = true
  rotation_period_in_days = 90
  multi_region            = false

  key_owners         = ["arn:aws:iam::123456789012:role/owner"]
  key_administrators = ["arn:aws:iam::123456789012:role/admin"]
  key_users          = ["arn:aws:iam::123456789012:role/user"]
  key_service_users  = ["arn:aws:iam::123456789012:role/service"]

  aliases                 = ["oracle/one", "oracle/two"]
  aliases_use_name_prefix = false

  grants = {
    lambda = {
      grantee_principal = "arn:aws:iam::123456789012:role/lambda"
      operations        = ["Encrypt", "Decrypt", "GenerateDataKey"]
      constraints = {
        encryption_context_equals = {
          Department = "Finance"
        }
      }
    }
  }

  tags = { Purpose = "aliases" }
}

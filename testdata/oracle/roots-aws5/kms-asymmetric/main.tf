provider "aws" {
  region = "eu-west-1"
}

module "sign" {
  source = "../../modules-aws5/terraform-aws-kms@v3.1.1"

  description              = "signing key"
  customer_master_key_spec = "RSA_2048"
  key_usage                = "SIGN_VERIFY"
  enable_key_rotation      = false
  key_asymmetric_sign_verify_users = ["arn:aws:iam::123456789012:role/signer"]
  aliases                  = ["oracle/sign"]
}

module "hmac" {
  source = "../../modules-aws5/terraform-aws-kms@v3.1.1"

  description              = "hmac key"
  customer_master_key_spec = "HMAC_256"
  key_usage                = "GENERATE_VERIFY_MAC"
  enable_key_rotation      = false
  key_hmac_users           = ["arn:aws:iam::123456789012:role/mac"]
}

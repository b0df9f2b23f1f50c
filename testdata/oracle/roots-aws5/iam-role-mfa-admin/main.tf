provider "aws" {
  region = "eu-west-1"
}

module "admin" {
  source = "../../modules-aws5/terraform-aws-iam@v5.60.0/modules/iam-assumable-role"

  create_role         = true
  role_name           = "oracle-admin"
  role_path           = "/admins/"
  role_requires_mfa   = true
  mfa_age             = 3600
  attach_admin_policy = true
  trusted_role_arns   = ["arn:aws:iam::123456789012:user/alice"]
  role_sts_externalid = ["ext-1", "ext-2"]
  create_instance_profile = true
}

module "readonly" {
  source = "../../modules-aws5/terraform-aws-iam@v5.60.0/modules/iam-assumable-role"

  create_role            = true
  role_name_prefix       = "oracle-ro-"
  role_requires_mfa      = false
  attach_readonly_policy = true
  trusted_role_arns      = ["arn:aws:iam::123456789012:root"]
  allow_self_assume_role = true
}

provider "aws" {
  region = "eu-west-1"
}

module "roles" {
  source = "../../modules-aws5/terraform-aws-iam@v5.60.0/modules/iam-assumable-roles"

  trusted_role_arns = ["arn:aws:iam::123456789012:root"]

  create_admin_role     = true
  create_poweruser_role = true
  poweruser_role_name   = "oracle-developer"
  create_readonly_role  = true
  readonly_role_requires_mfa = false
}

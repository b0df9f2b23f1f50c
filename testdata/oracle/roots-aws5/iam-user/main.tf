provider "aws" {
  region = "eu-west-1"
}

module "user" {
  source = "../../modules-aws5/terraform-aws-iam@v5.60.0/modules/iam-user"

  name                          = "oracle.user"
  force_destroy                 = true
  create_iam_user_login_profile = false
  create_iam_access_key         = false
  policy_arns                   = ["arn:aws:iam::aws:policy/ReadOnlyAccess"]
  tags                          = { Team = "oracle" }
}

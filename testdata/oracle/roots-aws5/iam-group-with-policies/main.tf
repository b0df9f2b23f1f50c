provider "aws" {
  region = "eu-west-1"
}

module "group" {
  source = "../../modules-aws5/terraform-aws-iam@v5.60.0/modules/iam-group-with-policies"

  name        = "oracle-developers"
  group_users = ["alice", "bob"]

  attach_iam_self_management_policy = true
  aws_account_id                    = "123456789012"
  custom_group_policy_arns          = ["arn:aws:iam::aws:policy/ReadOnlyAccess"]
  custom_group_policies = [
    {
      name   = "AllowS3Listing"
      policy = jsonencode({
        Version = "2012-10-17"
        Statement = [{
          Effect   = "Allow"
          Action   = ["s3:ListAllMyBuckets", "s3:GetBucketLocation"]
          Resource = "*"
        }]
      })
    }
  ]
}

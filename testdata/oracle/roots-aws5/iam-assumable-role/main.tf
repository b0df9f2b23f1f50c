provider "aws" {
  region = "eu-west-1"
}

module "role" {
  source = "../../modules-aws5/terraform-aws-iam@v5.60.0/modules/iam-assumable-role"

  create_role           = true
  role_name             = "oracle-app"
  role_requires_mfa     = false
  trusted_role_services = ["lambda.amazonaws.com", "ecs-tasks.amazonaws.com"]
  trusted_role_arns     = ["arn:aws:iam::123456789012:root"]
  max_session_duration  = 7200

  custom_role_policy_arns = [
    "arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess",
    "arn:aws:iam::aws:policy/CloudWatchLogsFullAccess",
  ]

  inline_policy_statements = [
    {
      sid       = "ReadTable"
      actions   = ["dynamodb:GetItem", "dynamodb:Query"]
      effect    = "Allow"
      resources = ["arn:aws:dynamodb:eu-west-1:123456789012:table/oracle"]
    }
  ]

  tags = { Role = "app" }
}

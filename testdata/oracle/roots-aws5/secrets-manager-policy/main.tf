provider "aws" {
  region = "eu-west-1"
}

module "secret" {
  source = "../../modules-aws5/terraform-aws-secrets-manager@v1.0.0"

  name                    = "oracle/db-password"
  description             = "database password"
  recovery_window_in_days = 7
  secret_string           = jsonencode({ user = "app", password = "not-a-secret" })

  create_policy       = true
  block_public_policy = true
  policy_statements = {
    read = {
      sid = "AllowAccountRead"
      principals = [{
        type        = "AWS"
        identifiers = ["arn:aws:iam::123456789012:root"]
      }]
      actions   = ["secretsmanager:GetSecretValue"]
      resources = ["*"]
    }
  }

  enable_rotation     = true
  rotation_lambda_arn = "arn:aws:lambda:eu-west-1:123456789012:function:oracle-rotate"
  rotation_rules = {
    automatically_after_days = 30
  }

  tags = { Secret = "db" }
}

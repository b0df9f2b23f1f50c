provider "aws" {
  region = "eu-west-1"
}

module "key" {
  source = "../../modules-aws5/terraform-aws-kms@v3.1.1"

  description           = "key with custom statements"
  enable_default_policy = true
  key_statements = [
    {
      sid = "CloudWatchLogs"
      actions = [
        "kms:Encrypt*",
        "kms:Decrypt*",
        "kms:ReEncrypt*",
        "kms:GenerateDataKey*",
        "kms:Describe*"
      ]
      resources = ["*"]
      principals = [
        {
          type        = "Service"
          identifiers = ["logs.eu-west-1.amazonaws.com"]
        }
      ]
      conditions = [
        {
          test     = "ArnLike"
          variable = "kms:EncryptionContext:aws:logs:arn"
          values   = ["arn:aws:logs:eu-west-1:123456789012:log-group:*"]
        }
      ]
    }
  ]
  computed_aliases = {
    logs = { name = "oracle/logs" }
  }
}

environment = "prod"
fail_on     = "warning"
exclude     = ["legacy/**", "*.generated.tf"]

rule "PE004" {
  enabled  = true
  severity = "warning"
}

rule "PE006" {
  severity = "info"
}

retention_days = {
  dev     = 7
  staging = 30
  prod    = 365
}
retention_minimum   = true
required_tags       = ["Project", "Env", "Owner", "CostCenter"]
tag_values          = { Env = ["dev", "staging", "prod"] }
api_lambda_patterns = ["^api-", "(?i)presign"]

iam {
  allowed_actions   = ["s3:GetObject", "logs:*"]
  allowed_resources = ["arn:aws:s3:::bucket/*"]
}

# Development (AWS account photo-editor-dev). Day-to-day development uses SST; this
# environment exercises the Terraform stack itself.
environment    = "dev"
aws_region     = "eu-west-1"
aws_account_id = "456789012345"
owner          = "engineering"
cost_center    = "product"
alarm_email    = ""

lambda_artifacts_bucket = "photo-editor-artifacts-456789012345"
app_version             = "main"

lambda_reserved_concurrency = {
  presign  = 5
  status   = 5
  download = 5
  worker   = 2
  bff      = 5
}
enable_bff_lambda = false

api_log_level = "INFO"

# Private subnets of the network team's VPC (workers reach the AI providers through its NAT).
lambda_subnet_ids         = ["subnet-03b4c5d6e7f8a9301", "subnet-03b4c5d6e7f8a9302"]
lambda_security_group_ids = ["sg-09a8b7c6d5e4f3022"]

enable_budgets     = false
monthly_budget_usd = 50

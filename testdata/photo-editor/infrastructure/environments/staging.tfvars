# Staging (AWS account photo-editor-staging).
environment    = "staging"
aws_region     = "eu-west-1"
aws_account_id = "345678901234"
owner          = "engineering"
cost_center    = "product"
alarm_email    = "photo-editor-dev@example.com"

lambda_artifacts_bucket = "photo-editor-artifacts-345678901234"
app_version             = "1.15.0-rc.1"

lambda_reserved_concurrency = {
  presign  = 20
  status   = 20
  download = 20
  worker   = 5
  bff      = 20
}
enable_bff_lambda = true

api_log_level = "INFO"

# Private subnets of the network team's VPC (workers reach the AI providers through its NAT).
lambda_subnet_ids         = ["subnet-05d2e6f7a8b9c0201", "subnet-05d2e6f7a8b9c0202"]
lambda_security_group_ids = ["sg-07e4c5d6a1b2f3044"]

enable_budgets     = true
monthly_budget_usd = 300

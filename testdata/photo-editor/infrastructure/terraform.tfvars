# Default target when no -var-file is given: production. Keep in sync with environments/prod.tfvars;
# the other environments are planned with -var-file=environments/<env>.tfvars, which overrides every value here.
environment    = "prod"
aws_region     = "eu-west-1"
aws_account_id = "210987654321"
owner          = "engineering"
cost_center    = "product"
alarm_email    = "photo-editor-oncall@example.com"

lambda_artifacts_bucket = "photo-editor-artifacts-210987654321"
app_version             = "1.14.2"

lambda_reserved_concurrency = {
  presign  = 100
  status   = 100
  download = 100
  worker   = 20
  bff      = 100
}
enable_bff_lambda = true

api_log_level = "ERROR"

# Private subnets of the network team's VPC (workers reach the AI providers through its NAT).
lambda_subnet_ids         = ["subnet-0a1c7e4b9d2f30101", "subnet-0a1c7e4b9d2f30102", "subnet-0a1c7e4b9d2f30103"]
lambda_security_group_ids = ["sg-0f3b8a91c2d4e5061"]

enable_budgets     = true
monthly_budget_usd = 1500

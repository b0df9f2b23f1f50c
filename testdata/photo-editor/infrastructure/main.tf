# PhotoEditor production infrastructure: root module orchestration.
# Lambdas, API Gateway and DynamoDB are defined inline (lambda.tf, api_gateway.tf, dynamodb.tf);
# storage, messaging, notifications, keys, monitoring and budgets come from local modules.
# The VPC for VPC-attached Lambdas is owned by the network team and passed in as subnet ids.

module "kms" {
  source = "./modules/kms"

  name_prefix             = local.name_prefix
  aws_region              = var.aws_region
  aws_account_id          = var.aws_account_id
  deletion_window_in_days = var.environment == "prod" ? 30 : 7
}

module "s3" {
  source = "./modules/s3"

  name_prefix          = local.name_prefix
  aws_account_id       = var.aws_account_id
  kms_key_arn          = module.kms.main_key_arn
  temp_expiration_days = 2
}

module "sqs" {
  source = "./modules/sqs"

  name_prefix                = local.name_prefix
  kms_key_arn                = module.kms.main_key_arn
  visibility_timeout_seconds = 6 * local.worker_timeout_seconds
  source_bucket_arn          = module.s3.temp_bucket_arn
  alarm_topic_arn            = module.sns.alarms_topic_arn
}

module "sns" {
  source = "./modules/sns"

  providers = {
    aws           = aws
    aws.us_east_1 = aws.us_east_1
  }

  name_prefix = local.name_prefix
  project     = var.project
  environment = var.environment
  kms_key_id  = module.kms.main_key_arn
  alarm_email = var.alarm_email
}

module "monitoring" {
  source = "./modules/monitoring"

  name_prefix       = local.name_prefix
  aws_region        = var.aws_region
  function_names    = local.function_names
  api_name          = aws_api_gateway_rest_api.this.name
  api_stage_name    = aws_api_gateway_stage.this.stage_name
  alarm_topic_arn   = module.sns.alarms_topic_arn
  queue_names       = module.sqs.queue_names
  queue_alarm_names = module.sqs.health_alarm_names
}

module "budgets" {
  source = "./modules/budgets"
  count  = var.enable_budgets ? 1 : 0

  name_prefix      = local.name_prefix
  project          = var.project
  limit_usd        = var.monthly_budget_usd
  alert_email      = var.alarm_email
  alert_topic_arns = [module.sns.billing_alerts_topic_arn]
}

# API keys of the external image providers (Gemini, Seedream); values are set out of band.
resource "aws_secretsmanager_secret" "provider_api_keys" {
  name                    = "${local.name_prefix}/ai-provider-api-keys"
  description             = "API keys for the external image-editing providers"
  kms_key_id              = module.kms.main_key_arn
  recovery_window_in_days = var.environment == "prod" ? 30 : 7

  tags = merge(local.common_tags, { DataClassification = "secret" })
}

# Uploads land in the temp bucket and are queued for the worker.
resource "aws_s3_bucket_notification" "temp_uploads" {
  bucket = module.s3.temp_bucket_id

  queue {
    queue_arn     = module.sqs.main_queue_arn
    events        = ["s3:ObjectCreated:*"]
    filter_prefix = "uploads/"
  }

  depends_on = [module.sqs]
}

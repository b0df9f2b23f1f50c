locals {
  name_prefix = "${var.project}-${var.environment}"

  # Required cost allocation tags (STANDARDS.md line 43), applied through provider default_tags.
  common_tags = {
    Project    = var.project
    Env        = var.environment
    Owner      = var.owner
    CostCenter = var.cost_center
  }

  # CloudWatch log retention per environment (STANDARDS.md line 82).
  log_retention_days = { prod = 90, staging = 30, dev = 14 }[var.environment]

  function_names = merge(
    {
      presign  = "${local.name_prefix}-presign"
      status   = "${local.name_prefix}-status"
      download = "${local.name_prefix}-download"
      worker   = "${local.name_prefix}-worker"
    },
    var.enable_bff_lambda ? { bff = "${local.name_prefix}-bff" } : {},
  )

  lambda_code_prefix     = "${var.project}/${var.app_version}"
  worker_timeout_seconds = 300

  lambda_environment = {
    ENVIRONMENT        = var.environment
    TEMP_BUCKET_NAME   = module.s3.temp_bucket_name
    FINAL_BUCKET_NAME  = module.s3.final_bucket_name
    JOBS_TABLE_NAME    = aws_dynamodb_table.jobs.name
    BATCHES_TABLE_NAME = aws_dynamodb_table.batches.name
    SNS_TOPIC_ARN      = module.sns.job_notifications_topic_arn
    LOG_LEVEL          = var.environment == "prod" ? "info" : "debug"
  }
}

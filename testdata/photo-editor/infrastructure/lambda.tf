# Log groups are managed here so that retention applies; Lambda would otherwise create
# /aws/lambda/<function_name> itself with no expiry.
resource "aws_cloudwatch_log_group" "lambda" {
  for_each = local.function_names

  name              = "/aws/lambda/${each.value}"
  retention_in_days = local.log_retention_days
  kms_key_id        = module.kms.logs_key_arn
}

resource "aws_lambda_function" "presign" {
  function_name = local.function_names["presign"]
  description   = "Issues presigned S3 upload URLs and creates job records"
  role          = aws_iam_role.lambda["presign"].arn
  s3_bucket     = var.lambda_artifacts_bucket
  s3_key        = "${local.lambda_code_prefix}/presign.zip"
  handler       = "presign.handler"
  runtime       = "nodejs20.x"
  architectures = ["arm64"]
  memory_size   = 256
  timeout       = 10

  reserved_concurrent_executions = var.lambda_reserved_concurrency["presign"]

  environment {
    variables = merge(local.lambda_environment, { UPLOAD_URL_TTL_SECONDS = "900" })
  }

  tracing_config {
    mode = "Active"
  }

  depends_on = [aws_cloudwatch_log_group.lambda]
}

resource "aws_lambda_function" "status" {
  function_name = local.function_names["status"]
  description   = "Returns job and batch status from DynamoDB"
  role          = aws_iam_role.lambda["status"].arn
  s3_bucket     = var.lambda_artifacts_bucket
  s3_key        = "${local.lambda_code_prefix}/status.zip"
  handler       = "status.handler"
  runtime       = "nodejs20.x"
  architectures = ["arm64"]
  memory_size   = 256
  timeout       = 10

  reserved_concurrent_executions = var.lambda_reserved_concurrency["status"]

  # Runs in the VPC to read DynamoDB through the network team's gateway endpoint.
  vpc_config {
    subnet_ids         = var.lambda_subnet_ids
    security_group_ids = var.lambda_security_group_ids
  }

  environment {
    variables = local.lambda_environment
  }

  tracing_config {
    mode = "Active"
  }

  depends_on = [aws_cloudwatch_log_group.lambda, aws_iam_role_policy_attachment.vpc_access]
}

resource "aws_lambda_function" "download" {
  function_name = local.function_names["download"]
  description   = "Issues presigned S3 download URLs for finished jobs"
  role          = aws_iam_role.lambda["download"].arn
  s3_bucket     = var.lambda_artifacts_bucket
  s3_key        = "${local.lambda_code_prefix}/download.zip"
  handler       = "download.handler"
  runtime       = "nodejs20.x"
  architectures = ["arm64"]
  memory_size   = 256
  timeout       = 10

  environment {
    variables = merge(local.lambda_environment, { DOWNLOAD_URL_TTL_SECONDS = "3600" })
  }

  tracing_config {
    mode = "Active"
  }

  depends_on = [aws_cloudwatch_log_group.lambda]
}

resource "aws_lambda_function" "worker" {
  function_name = local.function_names["worker"]
  description   = "Processes queued images through the external AI providers"
  role          = aws_iam_role.lambda["worker"].arn
  s3_bucket     = var.lambda_artifacts_bucket
  s3_key        = "${local.lambda_code_prefix}/worker.zip"
  handler       = "worker.handler"
  runtime       = "nodejs20.x"
  architectures = ["arm64"]
  memory_size   = 2048
  timeout       = local.worker_timeout_seconds

  reserved_concurrent_executions = var.lambda_reserved_concurrency["worker"]

  # Workers reach the providers through the NAT gateway.
  vpc_config {
    subnet_ids         = var.lambda_subnet_ids
    security_group_ids = var.lambda_security_group_ids
  }

  environment {
    variables = merge(local.lambda_environment, {
      PROVIDER_SECRET_ARN = aws_secretsmanager_secret.provider_api_keys.arn
      THUMBNAIL_QUEUE_URL = module.sqs.thumbnail_queue_url
    })
  }

  tracing_config {
    mode = "Active"
  }

  depends_on = [aws_cloudwatch_log_group.lambda, aws_iam_role_policy_attachment.vpc_access]
}

resource "aws_lambda_function" "bff" {
  count = var.enable_bff_lambda ? 1 : 0

  function_name = local.function_names["bff"]
  description   = "NestJS Backend-for-Frontend consolidating the API endpoints"
  role          = aws_iam_role.lambda["bff"].arn
  s3_bucket     = var.lambda_artifacts_bucket
  s3_key        = "${local.lambda_code_prefix}/bff.zip"
  handler       = "dist/lambda.handler"
  runtime       = "nodejs20.x"
  architectures = ["arm64"]
  memory_size   = 512
  timeout       = 29

  reserved_concurrent_executions = var.lambda_reserved_concurrency["bff"]

  environment {
    variables = local.lambda_environment
  }

  tracing_config {
    mode = "Active"
  }

  depends_on = [aws_cloudwatch_log_group.lambda]
}

resource "aws_lambda_event_source_mapping" "worker" {
  for_each = {
    processing = module.sqs.main_queue_arn
    thumbnail  = module.sqs.thumbnail_queue_arn
  }

  event_source_arn                   = each.value
  function_name                      = aws_lambda_function.worker.arn
  batch_size                         = 5
  maximum_batching_window_in_seconds = 10
  function_response_types            = ["ReportBatchItemFailures"]

  scaling_config {
    maximum_concurrency = max(2, floor(var.lambda_reserved_concurrency["worker"] / 2))
  }
}

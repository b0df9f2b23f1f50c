# REST API v1: POST /presign, GET /status/{jobId}, GET /download/{jobId}, ANY /bff/{proxy+} (optional).
resource "aws_api_gateway_rest_api" "this" {
  name        = "${local.name_prefix}-api"
  description = "PhotoEditor public API"

  endpoint_configuration {
    types = ["REGIONAL"]
  }
}

resource "aws_api_gateway_resource" "top" {
  for_each = toset(concat(["presign", "status", "download"], var.enable_bff_lambda ? ["bff"] : []))

  rest_api_id = aws_api_gateway_rest_api.this.id
  parent_id   = aws_api_gateway_rest_api.this.root_resource_id
  path_part   = each.key
}

resource "aws_api_gateway_resource" "job_id" {
  for_each = toset(["status", "download"])

  rest_api_id = aws_api_gateway_rest_api.this.id
  parent_id   = aws_api_gateway_resource.top[each.key].id
  path_part   = "{jobId}"
}

resource "aws_api_gateway_resource" "bff_proxy" {
  count = var.enable_bff_lambda ? 1 : 0

  rest_api_id = aws_api_gateway_rest_api.this.id
  parent_id   = aws_api_gateway_resource.top["bff"].id
  path_part   = "{proxy+}"
}

locals {
  # Route key = key of the Lambda function serving it.
  api_routes = merge(
    {
      presign  = { http_method = "POST", resource_id = aws_api_gateway_resource.top["presign"].id, path = "presign" }
      status   = { http_method = "GET", resource_id = aws_api_gateway_resource.job_id["status"].id, path = "status/*" }
      download = { http_method = "GET", resource_id = aws_api_gateway_resource.job_id["download"].id, path = "download/*" }
    },
    { for k, v in { bff = { http_method = "ANY", path = "bff/*" } } : k => merge(v, { resource_id = aws_api_gateway_resource.bff_proxy[0].id }) if var.enable_bff_lambda },
  )

  api_lambdas = merge(
    {
      presign  = aws_lambda_function.presign
      status   = aws_lambda_function.status
      download = aws_lambda_function.download
    },
    { for f in aws_lambda_function.bff : "bff" => f },
  )
}

resource "aws_api_gateway_method" "api" {
  for_each = local.api_routes

  rest_api_id   = aws_api_gateway_rest_api.this.id
  resource_id   = each.value.resource_id
  http_method   = each.value.http_method
  authorization = "NONE"
}

resource "aws_api_gateway_integration" "api" {
  for_each = local.api_routes

  rest_api_id             = aws_api_gateway_rest_api.this.id
  resource_id             = each.value.resource_id
  http_method             = aws_api_gateway_method.api[each.key].http_method
  integration_http_method = "POST"
  type                    = "AWS_PROXY"
  uri                     = local.api_lambdas[each.key].invoke_arn
}

resource "aws_lambda_permission" "api" {
  for_each = local.api_routes

  statement_id  = "AllowApiGatewayInvoke"
  action        = "lambda:InvokeFunction"
  function_name = local.api_lambdas[each.key].function_name
  principal     = "apigateway.amazonaws.com"
  source_arn    = "${aws_api_gateway_rest_api.this.execution_arn}/*/${each.value.http_method == "ANY" ? "*" : each.value.http_method}/${each.value.path}"
}

resource "aws_api_gateway_deployment" "this" {
  rest_api_id = aws_api_gateway_rest_api.this.id

  triggers = {
    redeployment = sha1(jsonencode([
      aws_api_gateway_resource.top,
      aws_api_gateway_resource.job_id,
      aws_api_gateway_resource.bff_proxy,
      aws_api_gateway_method.api,
      aws_api_gateway_integration.api,
    ]))
  }

  lifecycle {
    create_before_destroy = true
  }
}

# Access logs are high volume; a week is enough for request tracing.
resource "aws_cloudwatch_log_group" "api_access" {
  name              = "/aws/apigateway/${local.name_prefix}-api/access"
  retention_in_days = 7
  kms_key_id        = module.kms.logs_key_arn
}

# Execution logs: API Gateway writes to this fixed name; managing it sets the retention.
resource "aws_cloudwatch_log_group" "api_execution" {
  name              = "API-Gateway-Execution-Logs_${aws_api_gateway_rest_api.this.id}/${var.environment}"
  retention_in_days = local.log_retention_days
  kms_key_id        = module.kms.logs_key_arn
}

resource "aws_api_gateway_stage" "this" {
  rest_api_id          = aws_api_gateway_rest_api.this.id
  deployment_id        = aws_api_gateway_deployment.this.id
  stage_name           = var.environment
  xray_tracing_enabled = true

  access_log_settings {
    destination_arn = aws_cloudwatch_log_group.api_access.arn
    format = jsonencode({
      requestId          = "$context.requestId"
      ip                 = "$context.identity.sourceIp"
      requestTime        = "$context.requestTime"
      httpMethod         = "$context.httpMethod"
      resourcePath       = "$context.resourcePath"
      status             = "$context.status"
      responseLength     = "$context.responseLength"
      integrationLatency = "$context.integrationLatency"
      errorMessage       = "$context.error.message"
    })
  }

  depends_on = [aws_api_gateway_account.this, aws_cloudwatch_log_group.api_execution]
}

resource "aws_api_gateway_method_settings" "all" {
  rest_api_id = aws_api_gateway_rest_api.this.id
  stage_name  = aws_api_gateway_stage.this.stage_name
  method_path = "*/*"

  settings {
    metrics_enabled        = true
    logging_level          = var.api_log_level
    data_trace_enabled     = false
    throttling_rate_limit  = var.environment == "prod" ? 200 : 50
    throttling_burst_limit = var.environment == "prod" ? 400 : 100
  }
}

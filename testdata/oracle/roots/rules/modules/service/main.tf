variable "name" {
  type = string
}
variable "memory" {
  type = number
}
variable "concurrency" {
  type    = number
  default = null
}
variable "subnet_ids" {
  type = list(string)
}
variable "retention" {
  type = number
}
variable "tags" {
  type = map(string)
}

resource "aws_cloudwatch_log_group" "this" {
  name              = "/aws/lambda/rules-${var.name}"
  retention_in_days = var.retention
  tags              = var.tags
}

resource "aws_iam_role" "this" {
  name = "rules-${var.name}"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Action    = "sts:AssumeRole"
      Principal = { Service = "lambda.amazonaws.com" }
    }]
  })
  tags = var.tags
}

resource "aws_lambda_function" "this" {
  function_name                  = "rules-${var.name}"
  role                           = aws_iam_role.this.arn
  handler                        = "main.handler"
  runtime                        = "nodejs20.x"
  s3_bucket                      = "artifacts"
  s3_key                         = "${var.name}.zip"
  memory_size                    = var.memory
  reserved_concurrent_executions = var.concurrency
  tags                           = var.tags

  dynamic "vpc_config" {
    for_each = length(var.subnet_ids) > 0 ? [var.subnet_ids] : []
    content {
      subnet_ids         = vpc_config.value
      security_group_ids = ["sg-0123456789abcdef0"]
    }
  }

  logging_config {
    log_format = "JSON"
    log_group  = aws_cloudwatch_log_group.this.name
  }
}

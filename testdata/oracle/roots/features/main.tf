resource "aws_ssm_parameter" "fn" {
  for_each = local.fn

  name  = "/${local.project}/fn/${each.key}"
  type  = "String"
  value = each.value
  tags  = { Function = each.key }
}

resource "aws_ssm_parameter" "precedence" {
  for_each = local.precedence

  name  = "/${local.project}/precedence/${each.key}"
  type  = "String"
  value = each.value
}

# count and splats.
resource "aws_sqs_queue" "numbered" {
  count = 3

  name                      = format("%s-numbered-%02d", local.name_prefix, count.index + 1)
  message_retention_seconds = 86400 * (count.index + 1)
  tags                      = merge(local.default_tags, { Index = tostring(count.index) })
}

resource "aws_sqs_queue" "dlq" {
  name                      = "${local.name_prefix}-dlq"
  message_retention_seconds = 1209600
}

# for_each over a filtered map; redrive policy through jsonencode with an unknown ARN.
resource "aws_sqs_queue" "work" {
  for_each = local.enabled_queues

  name          = each.value.fifo ? "${local.name_prefix}-${each.key}.fifo" : "${local.name_prefix}-${each.key}"
  fifo_queue    = each.value.fifo
  delay_seconds = each.value.delay
  redrive_policy = jsonencode({
    deadLetterTargetArn = aws_sqs_queue.dlq.arn
    maxReceiveCount     = 3
  })
  tags = {
    Queue = each.key
  }
}

resource "aws_kms_key" "main" {
  description             = "oracle key for ${var.environment}"
  enable_key_rotation     = var.rotate
  deletion_window_in_days = var.retention_days > 60 ? 30 : 7
  policy                  = <<-JSON
    {
      "Version": "2012-10-17",
      "Statement": [
        {
          "Sid": "Root",
          "Effect": "Allow",
          "Principal": {"AWS": "arn:aws:iam::111122223333:root"},
          "Action": "kms:*",
          "Resource": "*"
        }
      ]
    }
  JSON
}

resource "aws_cloudwatch_log_group" "app" {
  for_each = toset(["api", "worker"])

  name              = "/${local.project}/${each.key}"
  retention_in_days = lookup({ api = var.retention_days }, each.key, 14)
  kms_key_id        = aws_kms_key.main.arn
}

# Dynamic blocks with an iterator and a nested dynamic block.
resource "aws_security_group" "web" {
  name        = "${local.name_prefix}-web"
  description = "web"

  dynamic "ingress" {
    for_each = var.ingress
    iterator = rule
    content {
      description = "${rule.value.desc} ${rule.key}"
      from_port   = rule.value.port
      to_port     = rule.value.port
      protocol    = "tcp"
      cidr_blocks = rule.value.cidrs
    }
  }

  dynamic "egress" {
    for_each = var.environment == "prod" ? [] : [1]
    content {
      from_port   = 0
      to_port     = 0
      protocol    = "-1"
      cidr_blocks = ["0.0.0.0/0"]
    }
  }
}

resource "aws_s3_bucket" "dr" {
  provider = aws.dr

  bucket = "${local.name_prefix}-dr-${md5(local.name_prefix)}"
  tags   = { Name = "dr bucket", CostCenter = "bucket-override" }
}

resource "aws_s3_bucket" "plain" {
  provider = aws.plain

  bucket = "${local.name_prefix}-plain"
  tags   = local.default_tags
}

resource "aws_lambda_function" "api" {
  function_name                  = "${local.name_prefix}-api"
  role                           = aws_iam_role.lambda.arn
  handler                        = "index.handler"
  runtime                        = "python3.12"
  s3_bucket                      = "artifacts-bucket"
  s3_key                         = "api/${var.environment}.zip"
  memory_size                    = var.environment == "prod" ? 1024 : 256
  timeout                        = 30
  reserved_concurrent_executions = length(var.team_members) * 5

  environment {
    variables = {
      QUEUES = join(",", sort(keys(local.enabled_queues)))
      STAGE  = var.environment
    }
  }

  tracing_config {
    mode = "Active"
  }
}

# path.module and path.root are relative to the root module's directory in Terraform.
resource "aws_ssm_parameter" "paths" {
  name  = "/${local.project}/paths"
  type  = "String"
  value = "${path.module}|${path.root}|${fileexists("${path.module}/templates/policy.json.tftpl")}|${length(file("templates/policy.json.tftpl"))}"
}

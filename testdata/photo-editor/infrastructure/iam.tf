# One execution role per function.
resource "aws_iam_role" "lambda" {
  for_each = local.function_names

  name = "${each.value}-role"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "lambda.amazonaws.com" }
      Action    = "sts:AssumeRole"
    }]
  })
}

data "aws_iam_policy_document" "lambda_logging" {
  for_each = local.function_names

  statement {
    sid       = "WriteOwnLogGroup"
    actions   = ["logs:CreateLogStream", "logs:PutLogEvents"]
    resources = ["${aws_cloudwatch_log_group.lambda[each.key].arn}:*"]
  }
}

resource "aws_iam_role_policy" "logging" {
  for_each = local.function_names

  name   = "cloudwatch-logs"
  role   = aws_iam_role.lambda[each.key].id
  policy = data.aws_iam_policy_document.lambda_logging[each.key].json
}

# X-Ray actions have no resource-level permissions; "*" is the only valid resource.
data "aws_iam_policy_document" "xray" {
  statement {
    actions   = ["xray:PutTraceSegments", "xray:PutTelemetryRecords"]
    resources = ["*"]
  }
}

resource "aws_iam_policy" "xray" {
  name   = "${local.name_prefix}-lambda-xray"
  policy = data.aws_iam_policy_document.xray.json
}

resource "aws_iam_role_policy_attachment" "xray" {
  for_each = local.function_names

  role       = aws_iam_role.lambda[each.key].name
  policy_arn = aws_iam_policy.xray.arn
}

resource "aws_iam_role_policy_attachment" "vpc_access" {
  for_each = toset(["status", "worker"])

  role       = aws_iam_role.lambda[each.key].name
  policy_arn = "arn:aws:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole"
}

resource "aws_iam_role_policy" "presign" {
  name = "presign-access"
  role = aws_iam_role.lambda["presign"].id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid      = "PutUploads"
        Effect   = "Allow"
        Action   = ["s3:PutObject"]
        Resource = "${module.s3.temp_bucket_arn}/uploads/*"
      },
      {
        Sid      = "CreateJobs"
        Effect   = "Allow"
        Action   = ["dynamodb:PutItem", "dynamodb:BatchWriteItem"]
        Resource = [aws_dynamodb_table.jobs.arn, aws_dynamodb_table.batches.arn]
      },
      {
        Sid      = "UseDataKey"
        Effect   = "Allow"
        Action   = ["kms:GenerateDataKey", "kms:Decrypt"]
        Resource = module.kms.main_key_arn
      },
    ]
  })
}

data "aws_iam_policy_document" "status" {
  statement {
    sid     = "ReadJobs"
    actions = ["dynamodb:*"]
    resources = [
      aws_dynamodb_table.jobs.arn,
      "${aws_dynamodb_table.jobs.arn}/index/*",
      aws_dynamodb_table.batches.arn,
    ]
  }

  statement {
    sid       = "DecryptTables"
    actions   = ["kms:Decrypt"]
    resources = [module.kms.main_key_arn]
  }
}

resource "aws_iam_role_policy" "status" {
  name   = "status-access"
  role   = aws_iam_role.lambda["status"].id
  policy = data.aws_iam_policy_document.status.json
}

resource "aws_iam_role_policy" "download" {
  name = "download-access"
  role = aws_iam_role.lambda["download"].id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid      = "ReadResults"
        Effect   = "Allow"
        Action   = ["s3:GetObject"]
        Resource = "${module.s3.final_bucket_arn}/results/*"
      },
      {
        Sid      = "ReadJobs"
        Effect   = "Allow"
        Action   = ["dynamodb:GetItem"]
        Resource = aws_dynamodb_table.jobs.arn
      },
      {
        Sid      = "DecryptResults"
        Effect   = "Allow"
        Action   = ["kms:Decrypt"]
        Resource = module.kms.main_key_arn
      },
    ]
  })
}

resource "aws_iam_role_policy" "worker" {
  name   = "worker-access"
  role   = aws_iam_role.lambda["worker"].id
  policy = <<-EOT
    {
      "Version": "2012-10-17",
      "Statement": [
        {
          "Sid": "ConsumeQueues",
          "Effect": "Allow",
          "Action": ["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes", "sqs:ChangeMessageVisibility"],
          "Resource": ["${module.sqs.main_queue_arn}", "${module.sqs.thumbnail_queue_arn}"]
        },
        {
          "Sid": "EnqueueThumbnails",
          "Effect": "Allow",
          "Action": ["sqs:SendMessage"],
          "Resource": "${module.sqs.thumbnail_queue_arn}"
        },
        {
          "Sid": "ReadUploads",
          "Effect": "Allow",
          "Action": ["s3:GetObject", "s3:DeleteObject"],
          "Resource": "${module.s3.temp_bucket_arn}/uploads/*"
        },
        {
          "Sid": "WriteResults",
          "Effect": "Allow",
          "Action": ["s3:PutObject"],
          "Resource": "${module.s3.final_bucket_arn}/results/*"
        },
        {
          "Sid": "UpdateJobs",
          "Effect": "Allow",
          "Action": ["dynamodb:GetItem", "dynamodb:UpdateItem", "dynamodb:Query"],
          "Resource": [
            "${aws_dynamodb_table.jobs.arn}",
            "${aws_dynamodb_table.jobs.arn}/index/batchId-index",
            "${aws_dynamodb_table.batches.arn}"
          ]
        },
        {
          "Sid": "NotifyCompletion",
          "Effect": "Allow",
          "Action": ["sns:Publish"],
          "Resource": "${module.sns.job_notifications_topic_arn}"
        },
        {
          "Sid": "ReadProviderKeys",
          "Effect": "Allow",
          "Action": ["secretsmanager:GetSecretValue"],
          "Resource": "${aws_secretsmanager_secret.provider_api_keys.arn}"
        },
        {
          "Sid": "UseDataKey",
          "Effect": "Allow",
          "Action": ["kms:GenerateDataKey", "kms:Decrypt"],
          "Resource": "${module.kms.main_key_arn}"
        }
      ]
    }
  EOT
}

resource "aws_iam_role_policy" "bff" {
  count = var.enable_bff_lambda ? 1 : 0

  name = "bff-access"
  role = aws_iam_role.lambda["bff"].id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid      = "Objects"
        Effect   = "Allow"
        Action   = ["s3:PutObject", "s3:GetObject"]
        Resource = ["${module.s3.temp_bucket_arn}/uploads/*", "${module.s3.final_bucket_arn}/results/*"]
      },
      {
        Sid      = "Jobs"
        Effect   = "Allow"
        Action   = ["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:Query"]
        Resource = [aws_dynamodb_table.jobs.arn, "${aws_dynamodb_table.jobs.arn}/index/*", aws_dynamodb_table.batches.arn]
      },
      {
        Sid      = "UseDataKey"
        Effect   = "Allow"
        Action   = ["kms:GenerateDataKey", "kms:Decrypt"]
        Resource = module.kms.main_key_arn
      },
    ]
  })
}

# API Gateway account-level role for pushing execution logs to CloudWatch.
resource "aws_iam_role" "api_gateway_cloudwatch" {
  name = "${local.name_prefix}-apigw-cloudwatch"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "apigateway.amazonaws.com" }
      Action    = "sts:AssumeRole"
    }]
  })
}

resource "aws_iam_role_policy_attachment" "api_gateway_cloudwatch" {
  role       = aws_iam_role.api_gateway_cloudwatch.name
  policy_arn = "arn:aws:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs"
}

resource "aws_api_gateway_account" "this" {
  cloudwatch_role_arn = aws_iam_role.api_gateway_cloudwatch.arn
}

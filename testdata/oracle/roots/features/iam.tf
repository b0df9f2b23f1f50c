data "aws_iam_policy_document" "assume" {
  statement {
    sid     = "Assume"
    actions = ["sts:AssumeRole", "sts:TagSession"]
    principals {
      type        = "Service"
      identifiers = ["lambda.amazonaws.com", "edgelambda.amazonaws.com"]
    }
    principals {
      type        = "AWS"
      identifiers = ["arn:aws:iam::111122223333:root", "arn:aws:iam::444455556666:root"]
    }
    condition {
      test     = "StringEquals"
      variable = "aws:RequestedRegion"
      values   = ["eu-west-1", "eu-central-1", "us-east-1"]
    }
    condition {
      test     = "Bool"
      variable = "aws:SecureTransport"
      values   = ["true"]
    }
  }
}

resource "aws_iam_role" "lambda" {
  name               = "${local.name_prefix}-lambda"
  assume_role_policy = data.aws_iam_policy_document.assume.json
  tags               = { Role = "lambda" }
}

# source and override documents, with Sid replacement.
data "aws_iam_policy_document" "base" {
  statement {
    sid       = "ReadLogs"
    actions   = ["logs:GetLogEvents", "logs:FilterLogEvents", "logs:DescribeLogStreams"]
    resources = ["arn:aws:logs:eu-west-1:111122223333:log-group:/oracle/*"]
  }
  statement {
    sid         = "NoDelete"
    effect      = "Deny"
    not_actions = ["s3:GetObject", "s3:ListBucket"]
    resources   = ["*"]
  }
}

data "aws_iam_policy_document" "combined" {
  source_policy_documents = [
    data.aws_iam_policy_document.base.json,
    jsonencode({
      Version = "2012-10-17"
      Statement = [{
        Sid      = "FromJsonencode"
        Effect   = "Allow"
        Action   = ["sqs:SendMessage"]
        Resource = "arn:aws:sqs:eu-west-1:111122223333:oracle-*"
      }]
    }),
  ]
  override_policy_documents = [<<-JSON
    {
      "Version": "2012-10-17",
      "Statement": [
        {"Sid": "NoDelete", "Effect": "Deny", "Action": "s3:DeleteBucket", "Resource": "*"}
      ]
    }
  JSON
  ]

  statement {
    sid       = "Inline"
    actions   = ["ssm:GetParameter", "ssm:GetParameters"]
    resources = [for k in sort(keys(local.precedence)) : "arn:aws:ssm:eu-west-1:111122223333:parameter/oracle/precedence/${k}"]
  }
}

resource "aws_iam_policy" "combined" {
  name   = "${local.name_prefix}-combined"
  policy = data.aws_iam_policy_document.combined.json
}

resource "aws_iam_policy" "templated" {
  name = "${local.name_prefix}-templated"
  policy = templatefile("${path.module}/templates/policy.json.tftpl", {
    actions = ["s3:GetObject", "s3:PutObject"]
    buckets = ["alpha", "beta"]
    stage   = var.environment
  })
}

resource "aws_iam_role_policy" "inline" {
  name = "inline"
  role = aws_iam_role.lambda.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect   = "Allow"
        Action   = ["sqs:ReceiveMessage", "sqs:DeleteMessage"]
        Resource = [for q in aws_sqs_queue.numbered : "arn:aws:sqs:eu-west-1:111122223333:${q.name}"]
      },
    ]
  })
}

# data "aws_iam_policy_document" in its many shapes: the provider's rendering is the oracle.
terraform {
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = ">= 5.0, < 6.0"
    }
  }
}

provider "aws" {
  region = "eu-west-1"
}

locals {
  account = "111122223333"
  grants = {
    Read  = { actions = ["s3:GetObject", "s3:ListBucket"], prefix = "read/" }
    Write = { actions = ["s3:PutObject"], prefix = "write/" }
  }
}

data "aws_iam_policy_document" "dynamic" {
  policy_id = "dynamic-doc"
  version   = "2012-10-17"

  dynamic "statement" {
    for_each = local.grants
    content {
      sid       = statement.key
      actions   = statement.value.actions
      resources = ["arn:aws:s3:::bucket/${statement.value.prefix}*"]
    }
  }
}

data "aws_iam_policy_document" "principals" {
  statement {
    actions   = ["kms:Decrypt"]
    resources = ["*"]
    principals {
      type        = "AWS"
      identifiers = ["arn:aws:iam::${local.account}:role/b"]
    }
    principals {
      type        = "AWS"
      identifiers = ["arn:aws:iam::${local.account}:role/a", "arn:aws:iam::${local.account}:role/c"]
    }
    principals {
      type        = "Service"
      identifiers = ["logs.amazonaws.com"]
    }
    principals {
      type        = "Federated"
      identifiers = ["cognito-identity.amazonaws.com"]
    }
  }
  statement {
    effect    = "Deny"
    actions   = ["kms:*"]
    resources = ["*"]
    not_principals {
      type        = "AWS"
      identifiers = ["arn:aws:iam::${local.account}:root"]
    }
  }
}

data "aws_iam_policy_document" "conditions" {
  statement {
    actions       = ["s3:*"]
    not_resources = ["arn:aws:s3:::private/*", "arn:aws:s3:::private"]
    condition {
      test     = "StringEquals"
      variable = "aws:PrincipalOrgID"
      values   = ["o-abc"]
    }
    condition {
      test     = "StringEquals"
      variable = "aws:PrincipalAccount"
      values   = ["222233334444", "111122223333"]
    }
    condition {
      test     = "ArnLike"
      variable = "aws:SourceArn"
      values   = ["arn:aws:sns:*:${local.account}:*"]
    }
    condition {
      test     = "NumericLessThan"
      variable = "s3:max-keys"
      values   = ["10"]
    }
  }
}

data "aws_iam_policy_document" "sources" {
  source_policy_documents = [
    data.aws_iam_policy_document.dynamic.json,
    jsonencode({
      Version = "2012-10-17"
      Statement = [
        { Effect = "Allow", Action = "sqs:*", Resource = ["arn:aws:sqs:*:*:q"] },
        { Sid = "WriteDeny", Effect = "Deny", Action = ["s3:PutObject"], Resource = "*" },
      ]
    }),
  ]
  override_policy_documents = [
    jsonencode({
      Statement = [
        { Sid = "Read", Effect = "Allow", Action = ["s3:GetObject"], Resource = "arn:aws:s3:::other/*" },
        { Effect = "Allow", Action = "sns:Publish", Resource = "*" },
      ]
    }),
  ]
  statement {
    sid       = "Inline"
    actions   = ["logs:PutLogEvents", "logs:CreateLogStream", "logs:CreateLogGroup"]
    resources = ["arn:aws:logs:*:*:*"]
  }
}

resource "aws_iam_policy" "p" {
  for_each = {
    dynamic    = data.aws_iam_policy_document.dynamic.json
    principals = data.aws_iam_policy_document.principals.json
    conditions = data.aws_iam_policy_document.conditions.json
    sources    = data.aws_iam_policy_document.sources.json
  }
  name   = "policies-${each.key}"
  policy = each.value
}

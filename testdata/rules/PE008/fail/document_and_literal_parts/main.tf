terraform {
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "5.100.0"
    }
  }
}

provider "aws" {
  region = "us-east-1"
}

# One policy-document reference never skips the other parts of a policy.
data "aws_iam_policy_document" "read" {
  statement {
    actions   = ["s3:GetObject"]
    resources = ["arn:aws:s3:::photo-editor-uploads/*"]
  }
}

locals {
  policies = {
    read  = data.aws_iam_policy_document.read.json
    admin = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "*", Resource = "*" }] })
  }
}

resource "aws_iam_policy" "p" {
  for_each = local.policies
  name     = each.key
  policy   = each.value # expect: PE008 aws_iam_policy.p["admin"]
}

resource "aws_iam_role" "r" {
  name = "r"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { Service = "lambda.amazonaws.com" } }]
  })

  inline_policy {
    name   = "read"
    policy = data.aws_iam_policy_document.read.json
  }

  inline_policy {
    name   = "admin"
    policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "iam:*", Resource = "*" }] }) # expect: PE008 aws_iam_role.r
  }
}

data "aws_iam_policy_document" "merged" {
  source_policy_documents = [ # expect: PE008 data.aws_iam_policy_document.merged
    data.aws_iam_policy_document.read.json,
    jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "ec2:*", Resource = "*" }] }),
  ]
}

resource "aws_iam_policy" "merged" {
  name   = "merged"
  policy = data.aws_iam_policy_document.merged.json
}

# With an unknown count the policy's text is unknown, but it is wholly the document's output:
# the finding is on the document alone.
variable "enabled" {
  type = bool
}

data "aws_iam_policy_document" "counted" {
  count = var.enabled ? 1 : 0
  statement {
    actions   = ["logs:*"] # expect: PE008 data.aws_iam_policy_document.counted[*]
    resources = ["arn:aws:logs:us-east-1:123456789012:log-group:app"]
  }
}

resource "aws_iam_policy" "counted" {
  count  = var.enabled ? 1 : 0
  name   = "counted"
  policy = data.aws_iam_policy_document.counted[0].json
}

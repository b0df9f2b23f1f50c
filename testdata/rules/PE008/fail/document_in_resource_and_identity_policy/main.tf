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

# A document that flows into a key policy and into an identity policy is checked for its
# identity-policy use.
data "aws_iam_policy_document" "shared" {
  statement {
    actions   = ["kms:*"] # expect: PE008 data.aws_iam_policy_document.shared
    resources = ["*"]
  }
}

resource "aws_kms_key" "k" {
  description         = "key"
  enable_key_rotation = true
  policy              = data.aws_iam_policy_document.shared.json
}

locals {
  policies = { admin = data.aws_iam_policy_document.shared.json }
}

resource "aws_iam_policy" "p" {
  name   = "p"
  policy = local.policies["admin"]
}

# The same text as a resource-only document, reaching an identity policy by value through
# for_each (no reference recorded on the attribute): still checked.
data "aws_iam_policy_document" "copy" {
  statement {
    actions   = ["sqs:*"] # expect: PE008 data.aws_iam_policy_document.copy
    resources = ["arn:aws:sqs:us-east-1:123456789012:jobs"]
  }
}

resource "aws_sqs_queue" "q" {
  name = "jobs"
}

resource "aws_sqs_queue_policy" "q" {
  queue_url = aws_sqs_queue.q.id
  policy    = data.aws_iam_policy_document.copy.json
}

resource "aws_iam_policy" "each" {
  for_each = { copy = data.aws_iam_policy_document.copy.json }
  name     = "each-${each.key}"
  policy   = each.value
}

# A document derived from a resource-only document is checked on its own text.
resource "aws_iam_policy" "derived" {
  name   = "derived"
  policy = replace(data.aws_iam_policy_document.copy.json, "jobs", "*") # expect: PE008 aws_iam_policy.derived
}

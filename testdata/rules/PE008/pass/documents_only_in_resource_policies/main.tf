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

# Documents whose only consumers are resource policies are not identity policies (the same
# statements written inline in aws_kms_key.policy are not checked either). The document
# reaches its consumer directly, through a local, through a module input and from a module
# output.
data "aws_caller_identity" "current" {}

data "aws_iam_policy_document" "key" {
  statement {
    sid       = "RootAccess"
    actions   = ["kms:*"]
    resources = ["*"]
    principals {
      type        = "AWS"
      identifiers = ["arn:aws:iam::${data.aws_caller_identity.current.account_id}:root"]
    }
  }
}

locals {
  key_policy = data.aws_iam_policy_document.key.json
}

resource "aws_kms_key" "k" {
  description         = "key"
  enable_key_rotation = true
  policy              = local.key_policy
}

data "aws_iam_policy_document" "bucket" {
  statement {
    actions   = ["s3:*"]
    resources = ["*"]
    principals {
      type        = "AWS"
      identifiers = ["arn:aws:iam::${data.aws_caller_identity.current.account_id}:root"]
    }
  }
}

module "bucket" {
  source = "./modules/bucket"
  policy = data.aws_iam_policy_document.bucket.json
}

module "keydoc" {
  source = "./modules/keydoc"
}

resource "aws_sqs_queue" "q" {
  name = "jobs"
}

resource "aws_sqs_queue_policy" "q" {
  queue_url = aws_sqs_queue.q.id
  policy    = module.keydoc.json
}

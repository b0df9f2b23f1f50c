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

# A dynamic block whose for_each is unknown may produce no statement at all: unresolved, not
# failed. The same block over a known, non-empty collection fails. With an unknown for_each the
# whole list of blocks of that type is unknown (as in Terraform): the finding points at the
# dynamic block, or for a policy document at its statement list (its first statement).
variable "extra_buckets" {
  type = list(string)
}

variable "grant_admin" {
  type = bool
}

data "aws_iam_policy_document" "maybe" {
  statement { # expect-unresolved: PE008 data.aws_iam_policy_document.maybe
    actions   = ["s3:GetObject"]
    resources = ["arn:aws:s3:::photo-editor-uploads/*"]
  }

  dynamic "statement" {
    for_each = var.extra_buckets
    content {
      actions   = ["s3:*"]
      resources = ["arn:aws:s3:::${statement.value}/*"]
    }
  }
}

resource "aws_iam_policy" "maybe" {
  name   = "maybe"
  policy = data.aws_iam_policy_document.maybe.json
}

data "aws_iam_policy_document" "known" {
  dynamic "statement" {
    for_each = ["photo-editor-uploads"]
    content {
      actions   = ["s3:*"] # expect: PE008 data.aws_iam_policy_document.known
      resources = ["arn:aws:s3:::${statement.value}/*"]
    }
  }
}

resource "aws_iam_policy" "known" {
  name   = "known"
  policy = data.aws_iam_policy_document.known.json
}

resource "aws_iam_role" "r" {
  name = "r"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { Service = "lambda.amazonaws.com" } }]
  })

  dynamic "inline_policy" { # expect-unresolved: PE008 aws_iam_role.r
    for_each = var.grant_admin ? ["admin"] : []
    content {
      name   = inline_policy.value
      policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "*", Resource = "*" }] })
    }
  }
}

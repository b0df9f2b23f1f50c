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

# A value that is one of a few known values is decided when they all agree.
variable "tier" {
  type = string
}

variable "admin" {
  type = bool
}

locals {
  actions = { read = "s3:Get*", write = "s3:Put*" }
  tables  = { a = "arn:aws:dynamodb:us-east-1:123456789012:table/*", b = "arn:aws:dynamodb:us-east-1:123456789012:table/b*" }
}

# Whichever tier: a wildcard action.
resource "aws_iam_policy" "tiered_actions" {
  name = "tiered_actions"
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = local.actions[var.tier], Resource = "arn:aws:s3:::photos/*" }] # expect: PE008 aws_iam_policy.tiered_actions
  })
}

# One branch is a concrete action: unresolved.
resource "aws_iam_policy" "maybe_admin" {
  name = "maybe_admin"
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = var.admin ? "iam:*" : "iam:GetRole", Resource = "arn:aws:iam::123456789012:role/app" }] # expect-unresolved: PE008 aws_iam_policy.maybe_admin
  })
}

# `table/*` fails; `table/b*` is every table whose name starts with b, a scoped prefix: unresolved.
resource "aws_iam_policy" "tables" {
  name = "tables"
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "dynamodb:GetItem", Resource = lookup(local.tables, var.tier, local.tables.a) }] # expect-unresolved: PE008 aws_iam_policy.tables
  })
}

# Both branches wildcard the whole id.
resource "aws_iam_policy" "all_tables" {
  name = "all_tables"
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "dynamodb:GetItem", Resource = var.admin ? "arn:aws:dynamodb:us-east-1:123456789012:table/*" : "arn:aws:dynamodb:*:123456789012:table/b" }] # expect: PE008 aws_iam_policy.all_tables
  })
}

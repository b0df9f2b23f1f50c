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

variable "policy_json" {
  type = string
}

variable "table_arn" {
  type = string
}

# The whole policy comes from a variable with no value.
resource "aws_iam_policy" "from_variable" {
  name   = "from-variable"
  policy = var.policy_json # expect-unresolved: PE008 aws_iam_policy.from_variable
}

# A resource in a policy document cannot be evaluated.
data "aws_iam_policy_document" "table" {
  statement {
    actions   = ["dynamodb:GetItem"]
    resources = [var.table_arn] # expect-unresolved: PE008 data.aws_iam_policy_document.table
  }
}

resource "aws_iam_role_policy" "table" {
  name   = "table"
  role   = "existing-role"
  policy = data.aws_iam_policy_document.table.json
}

# Not valid JSON after evaluation. (A literal invalid string would already fail
# `terraform validate`, so it comes through a variable's default.)
variable "broken_policy" {
  type    = string
  default = "{\"Version\": \"2012-10-17\", \"Statement\": ["
}

resource "aws_iam_user_policy" "broken" {
  name   = "broken"
  user   = "ci-user"
  policy = var.broken_policy # expect-unresolved: PE008 aws_iam_user_policy.broken
}

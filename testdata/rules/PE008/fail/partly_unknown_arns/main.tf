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

# Partly unknown ARNs: a literal wildcard decides whatever the unknown parts are; the
# provider's own partition, region and account are concrete; a variable where a resource
# name starts could be "*".
data "aws_partition" "current" {}
data "aws_region" "current" {}
data "aws_caller_identity" "current" {}

variable "role_name" {
  type = string
}

resource "aws_iam_policy" "volumes" {
  name = "volumes"
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "ec2:DeleteVolume", Resource = "arn:${data.aws_partition.current.partition}:ec2:*:*:volume/*" }] # expect: PE008 aws_iam_policy.volumes
  })
}

resource "aws_iam_policy" "any_role" {
  name = "any_role"
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "iam:PassRole", Resource = "arn:aws:iam::123456789012:role/${var.role_name}" }] # expect-unresolved: PE008 aws_iam_policy.any_role
  })
}

resource "aws_iam_policy" "own_account" {
  name = "own_account"
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "sqs:SendMessage", Resource = "arn:${data.aws_partition.current.partition}:sqs:${data.aws_region.current.name}:${data.aws_caller_identity.current.account_id}:jobs" }]
  })
}

resource "aws_iam_policy" "roles_in_own_account" {
  name = "roles_in_own_account"
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "iam:PassRole", Resource = "arn:aws:iam::${data.aws_caller_identity.current.account_id}:role/*" }] # expect: PE008 aws_iam_policy.roles_in_own_account
  })
}

# An IAM policy variable after the wildcard pins the name to the caller's own user.
resource "aws_iam_policy" "own_user" {
  name = "own_user"
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "iam:ChangePassword", Resource = "arn:${data.aws_partition.current.partition}:iam::${data.aws_caller_identity.current.account_id}:user/*/$${aws:username}" }]
  })
}

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

# Attaching an AWS-managed policy that allows "*" or "service:*" on every resource grants a
# wildcard as surely as writing it (data/aws-managed-policies.txt).
data "aws_partition" "current" {}

variable "extra_policy_arn" {
  type = string
}

resource "aws_iam_role" "app" {
  name = "app"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { Service = "lambda.amazonaws.com" } }]
  })
  managed_policy_arns = [ # expect: PE008 aws_iam_role.app
    "arn:aws:iam::aws:policy/ReadOnlyAccess",
    "arn:aws:iam::aws:policy/AmazonEC2FullAccess",
  ]
}

resource "aws_iam_role_policy_attachment" "admin" {
  role       = aws_iam_role.app.name
  policy_arn = "arn:aws:iam::aws:policy/AdministratorAccess" # expect: PE008 aws_iam_role_policy_attachment.admin
}

resource "aws_iam_user_policy_attachment" "power" {
  user       = "ci"
  policy_arn = "arn:${data.aws_partition.current.partition}:iam::aws:policy/PowerUserAccess" # expect: PE008 aws_iam_user_policy_attachment.power
}

resource "aws_iam_group_policy_attachment" "iam" {
  group      = "admins"
  policy_arn = "arn:aws:iam::aws:policy/IAMFullAccess" # expect: PE008 aws_iam_group_policy_attachment.iam
}

resource "aws_iam_policy_attachment" "s3" {
  name       = "s3"
  roles      = [aws_iam_role.app.name]
  policy_arn = "arn:aws:iam::aws:policy/AmazonS3FullAccess" # expect: PE008 aws_iam_policy_attachment.s3
}

# Not a wildcard grant: passes.
resource "aws_iam_role_policy_attachment" "logs" {
  role       = aws_iam_role.app.name
  policy_arn = "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"
}

# A policy of this configuration is checked on its own.
resource "aws_iam_policy" "custom" {
  name = "custom"
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "sqs:SendMessage", Resource = "arn:aws:sqs:us-east-1:123456789012:jobs" }]
  })
}

resource "aws_iam_role_policy_attachment" "custom" {
  role       = aws_iam_role.app.name
  policy_arn = aws_iam_policy.custom.arn
}

# Which policy is attached is not known.
resource "aws_iam_role_policy_attachment" "extra" {
  role       = aws_iam_role.app.name
  policy_arn = var.extra_policy_arn # expect-unresolved: PE008 aws_iam_role_policy_attachment.extra
}

# Looked up by ARN: judged as the ARN it names.
data "aws_iam_policy" "admin" {
  arn = "arn:aws:iam::aws:policy/AdministratorAccess"
}

resource "aws_iam_role_policy_attachment" "looked_up" {
  role       = aws_iam_role.app.name
  policy_arn = data.aws_iam_policy.admin.arn # expect: PE008 aws_iam_role_policy_attachment.looked_up
}

# A counted policy of this configuration whose count is unknown is still checked on its own.
resource "aws_iam_policy" "counted" {
  count = var.extra_policy_arn == "" ? 0 : 1
  name  = "counted"
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "sqs:SendMessage", Resource = "arn:aws:sqs:us-east-1:123456789012:jobs" }]
  })
}

resource "aws_iam_role_policy_attachment" "counted" {
  count      = var.extra_policy_arn == "" ? 0 : 1
  role       = aws_iam_role.app.name
  policy_arn = aws_iam_policy.counted[0].arn
}

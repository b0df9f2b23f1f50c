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

# Findings in inline_policy blocks are on the role, at that block's policy argument.
# The trust policy's wildcard principal is skipped.
resource "aws_iam_role" "app" {
  name = "app"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { AWS = "*" } }]
  })

  inline_policy {
    name = "read"
    policy = jsonencode({
      Version   = "2012-10-17"
      Statement = [{ Effect = "Allow", Action = "s3:GetObject", Resource = "arn:aws:s3:::photo-editor-uploads/*" }]
    })
  }

  inline_policy {
    name = "admin"
    policy = jsonencode({
      Version   = "2012-10-17"
      Statement = [{ Effect = "Allow", Action = "*", Resource = "*" }] # expect: PE008 aws_iam_role.app
    })
  }
}

# An inline_policy that uses a policy document: the finding is on the data source.
data "aws_iam_policy_document" "worker" {
  statement {
    actions   = ["sqs:*"] # expect: PE008 data.aws_iam_policy_document.worker
    resources = ["arn:aws:sqs:us-east-1:123456789012:jobs"]
  }
}

resource "aws_iam_role" "worker" {
  name = "worker"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { Service = "lambda.amazonaws.com" } }]
  })

  inline_policy {
    name   = "worker"
    policy = data.aws_iam_policy_document.worker.json
  }
}

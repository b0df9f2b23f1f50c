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

# Statement may be a single object instead of a list; IAM accepts both.
resource "aws_iam_policy" "p" {
  name   = "object"
  policy = jsonencode({ Version = "2012-10-17", Statement = { Effect = "Allow", Action = "s3:GetObject", Resource = "*" } }) # expect: PE008 aws_iam_policy.p
}

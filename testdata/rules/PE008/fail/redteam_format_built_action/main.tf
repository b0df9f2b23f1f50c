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

# format("%s:*", "iam") is "iam:*" once evaluated.
resource "aws_iam_policy" "p" {
  name   = "built"
  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = format("%s:*", "iam"), Resource = "arn:aws:iam::123456789012:role/app" }] }) # expect: PE008 aws_iam_policy.p
}

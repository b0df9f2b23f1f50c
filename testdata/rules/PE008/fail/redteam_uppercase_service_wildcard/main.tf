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

# IAM matches action names case-insensitively: "S3:*" is every S3 action.
resource "aws_iam_policy" "p" {
  name   = "upper"
  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "S3:*", Resource = "arn:aws:s3:::photo-editor-uploads/*" }] }) # expect: PE008 aws_iam_policy.p
}

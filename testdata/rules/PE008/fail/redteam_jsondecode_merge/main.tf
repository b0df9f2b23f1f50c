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

# The scoped file is decoded and its Statement replaced by merge(): the policy allows "*".
resource "aws_iam_policy" "p" {
  name   = "merged"
  policy = jsonencode(merge(jsondecode(file("${path.module}/policy.json")), { Statement = [{ Effect = "Allow", Action = "*", Resource = "arn:aws:s3:::photo-editor-uploads/*" }] })) # expect: PE008 aws_iam_policy.p
}

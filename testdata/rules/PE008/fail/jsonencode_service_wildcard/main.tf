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

resource "aws_iam_policy" "worker" {
  name = "worker"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid      = "ReadUploads"
      Effect   = "Allow"
      Action   = "s3:*" # expect: PE008 aws_iam_policy.worker
      Resource = "arn:aws:s3:::photo-editor-uploads/*"
    }]
  })
}

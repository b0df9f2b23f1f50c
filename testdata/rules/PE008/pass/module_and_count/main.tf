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

module "reader" {
  source     = "./modules/policy"
  name       = "reader"
  bucket_arn = "arn:aws:s3:::photo-editor-uploads"
}

module "writer" {
  source     = "./modules/policy"
  name       = "writer"
  bucket_arn = "arn:aws:s3:::photo-editor-final"
}

resource "aws_iam_policy" "numbered" {
  count = 2
  name  = "shard-${count.index}"
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "sqs:SendMessage", Resource = "arn:aws:sqs:us-east-1:123456789012:shard-${count.index}" }]
  })
}

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

resource "aws_iam_policy" "numbered" {
  count = 2
  name  = "shard-${count.index}"
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "sqs:*", Resource = "arn:aws:sqs:us-east-1:123456789012:shard-${count.index}" }] # expect: PE008 aws_iam_policy.numbered[0] # expect: PE008 aws_iam_policy.numbered[1]
  })
}

data "aws_iam_policy_document" "per_bucket" {
  for_each = { uploads = "photo-editor-uploads/*", everything = "*" }

  statement {
    actions   = ["s3:GetObject"]
    resources = ["arn:aws:s3:::${each.value}"] # expect: PE008 data.aws_iam_policy_document.per_bucket["everything"]
  }
}

resource "aws_iam_policy" "per_bucket" {
  for_each = data.aws_iam_policy_document.per_bucket
  name     = each.key
  policy   = each.value.json
}

module "reader" {
  source = "./modules/policy"
  name   = "reader"
}

module "writer" {
  source = "./modules/policy"
  name   = "writer"
}

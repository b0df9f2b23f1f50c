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

resource "aws_iam_group_policy" "ops" {
  name   = "ops"
  group  = "ops"
  policy = file("${path.module}/policy.json") # expect: PE008 aws_iam_group_policy.ops
}

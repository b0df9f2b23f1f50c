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

resource "aws_kms_key" "by_count" {
  count               = 2
  description         = "key ${count.index}"
  enable_key_rotation = true
}

resource "aws_kms_key" "by_name" {
  for_each            = toset(["logs", "data"])
  description         = "key for ${each.key}"
  enable_key_rotation = true
}

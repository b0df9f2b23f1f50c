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

resource "aws_kms_key" "k" {
  for_each            = toset(["logs", "data"])
  description         = "key for ${each.key}"
  enable_key_rotation = each.key == "data" # expect: PE001 aws_kms_key.k["logs"]
}

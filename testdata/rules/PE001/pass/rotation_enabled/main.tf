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

resource "aws_kms_key" "data" {
  description         = "Symmetric key with rotation"
  enable_key_rotation = true
}

resource "aws_kms_key" "explicit_symmetric" {
  description              = "Explicit SYMMETRIC_DEFAULT with rotation"
  customer_master_key_spec = "SYMMETRIC_DEFAULT"
  key_usage                = "ENCRYPT_DECRYPT"
  enable_key_rotation      = true
  rotation_period_in_days  = 180
}

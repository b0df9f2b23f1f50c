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

variable "key_spec" {
  type    = string
  default = "RSA_4096"
}

resource "aws_kms_key" "signing" {
  description              = "Spec comes from a variable default"
  customer_master_key_spec = var.key_spec
  key_usage                = "SIGN_VERIFY"
}

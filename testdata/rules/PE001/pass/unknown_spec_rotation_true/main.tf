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

# The key spec cannot be evaluated, but rotation is true, so the key passes either way.
variable "key_spec" {
  type = string
}

resource "aws_kms_key" "k" {
  description              = "Unknown spec, rotation on"
  customer_master_key_spec = var.key_spec
  enable_key_rotation      = true
}

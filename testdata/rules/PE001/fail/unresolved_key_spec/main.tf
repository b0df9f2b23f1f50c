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

# The key spec cannot be evaluated and rotation is not true: unresolved, at the spec it needs.
variable "key_spec" {
  type = string
}

resource "aws_kms_key" "k" {
  description              = "Unknown spec, no rotation"
  customer_master_key_spec = var.key_spec # expect-unresolved: PE001 aws_kms_key.k
}

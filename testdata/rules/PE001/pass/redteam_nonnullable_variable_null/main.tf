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

# Compliant code, not to be failed: tfvars sets null, and a `nullable = false` variable then
# takes its default (true), as `terraform plan` shows.
variable "rotate" {
  type     = bool
  default  = true
  nullable = false
}

resource "aws_kms_key" "k" {
  enable_key_rotation = var.rotate
}

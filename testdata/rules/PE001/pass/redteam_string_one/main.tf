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

# Compliant code, not to be failed: Terraform converts "1" to true for a bool argument
# (terraform plan: enable_key_rotation = true).
resource "aws_kms_key" "k" {
  enable_key_rotation = "1"
}

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

# Terraform converts the string "true" to the bool the argument takes.
resource "aws_kms_key" "k" {
  description         = "Rotation written as a string"
  enable_key_rotation = "true"
}

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

variable "rotate" {
  type = bool
}

resource "aws_kms_key" "k" {
  description         = "Rotation from a variable with no default and no tfvars"
  enable_key_rotation = var.rotate # expect-unresolved: PE001 aws_kms_key.k
}

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

# Evasion: terraform.tfvars says true and terraform.tfvars.json, loaded after it, says false.
variable "rotate" {
  type = bool
}

resource "aws_kms_key" "k" {
  enable_key_rotation = var.rotate # expect: PE001 aws_kms_key.k
}

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

# Evasion: a.auto.tfvars says true, z.auto.tfvars says false. Terraform loads *.auto.tfvars in
# lexical order, so the last one (false) wins: the key never rotates.
variable "rotate" {
  type    = bool
  default = true
}

resource "aws_kms_key" "k" {
  enable_key_rotation = var.rotate # expect: PE001 aws_kms_key.k
}

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
  type    = bool
  default = true
}

resource "aws_kms_key" "k" {
  description         = "Default true, but terraform.tfvars sets false"
  enable_key_rotation = var.rotate # expect: PE001 aws_kms_key.k
}

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
  default = false
}

resource "aws_kms_key" "k" {
  description         = "Rotation from a variable whose default is false"
  enable_key_rotation = var.rotate # expect: PE001 aws_kms_key.k
}

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

resource "aws_kms_key" "k" {
  description         = "Rotation explicitly off"
  enable_key_rotation = false # expect: PE001 aws_kms_key.k
}

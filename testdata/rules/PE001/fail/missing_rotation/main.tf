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

resource "aws_kms_key" "k" { # expect: PE001 aws_kms_key.k
  description             = "No enable_key_rotation: the provider default is false"
  deletion_window_in_days = 30
}

resource "aws_kms_key" "ok" {
  description         = "Passes"
  enable_key_rotation = true
}

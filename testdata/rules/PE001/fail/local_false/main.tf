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

locals {
  rotation = {
    prod = true
    dev  = false
  }
  env = "dev"
}

resource "aws_kms_key" "k" {
  description         = "Rotation through a local lookup that evaluates to false"
  enable_key_rotation = local.rotation[local.env] # expect: PE001 aws_kms_key.k
}

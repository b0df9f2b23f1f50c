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

# Evasion: override.tf sets enable_key_rotation = null, which means the provider default (false).
resource "aws_kms_key" "k" {
  enable_key_rotation = true
}

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

# Evasion: main.tf says true, and main_override.tf (an override file, merged last) says false.
resource "aws_kms_key" "k" {
  enable_key_rotation = true
}

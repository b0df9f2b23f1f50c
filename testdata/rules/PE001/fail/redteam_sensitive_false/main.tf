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

# Evasion: sensitive() hides the value in plan output, not from the provider: rotation is off.
resource "aws_kms_key" "k" {
  enable_key_rotation = sensitive(false) # expect: PE001 aws_kms_key.k
}

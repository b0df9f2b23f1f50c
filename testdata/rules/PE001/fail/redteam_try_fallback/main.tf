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

# Evasion: try() falls back to false because var.cfg has no rotate key by default.
variable "cfg" {
  type    = any
  default = {}
}

resource "aws_kms_key" "k" {
  enable_key_rotation = try(var.cfg.rotate, false) # expect: PE001 aws_kms_key.k
}

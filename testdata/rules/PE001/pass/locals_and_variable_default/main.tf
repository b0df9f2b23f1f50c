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

variable "rotation_enabled" {
  type    = bool
  default = true
}

locals {
  key_settings = {
    rotate = var.rotation_enabled
  }
}

resource "aws_kms_key" "k" {
  description         = "Rotation through a local map"
  enable_key_rotation = local.key_settings.rotate
}

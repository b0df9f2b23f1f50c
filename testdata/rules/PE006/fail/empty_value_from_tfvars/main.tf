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

  default_tags {
    tags = var.default_tags
  }
}

variable "default_tags" {
  type = map(string)
  default = {
    Project    = "photo-editor"
    Env        = "prod"
    Owner      = "platform-team"
    CostCenter = "CC-1042"
  }
}

# terraform.tfvars replaces the whole map and leaves Owner empty.
resource "aws_kms_key" "k" { # expect: PE006 aws_kms_key.k
  description         = "key"
  enable_key_rotation = true
}

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

# The module's block protects whatever bucket var.protected names, which has no value here.
variable "protected" {
  type = string
}

resource "aws_s3_bucket" "b" { # expect-unresolved: PE002 aws_s3_bucket.b
  bucket = "photo-editor-b"
}

module "pab" {
  source = "./modules/pab"
  bucket = var.protected
}

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
  base = { Project = "photo-editor", Env = "prod", Owner = "platform-team", CostCenter = "CC-1042" }
}

# The for expression filters CostCenter out although the local lists it.
resource "aws_s3_bucket" "uploads" {
  bucket = "photo-editor-uploads"
  tags   = { for k, v in local.base : k => v if k != "CostCenter" } # expect: PE006 aws_s3_bucket.uploads
}

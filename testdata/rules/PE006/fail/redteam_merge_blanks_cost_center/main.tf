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

# The later map wins in merge(): CostCenter ends up "", which counts as missing.
resource "aws_s3_bucket" "uploads" {
  bucket = "photo-editor-uploads"
  tags   = merge(local.base, { CostCenter = "" }) # expect: PE006 aws_s3_bucket.uploads
}

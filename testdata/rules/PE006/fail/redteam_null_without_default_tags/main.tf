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

# A null tag is dropped; with no default_tags nothing fills it in.
resource "aws_s3_bucket" "uploads" {
  bucket = "photo-editor-uploads"
  tags   = { Project = "photo-editor", Env = "prod", Owner = "platform-team", CostCenter = null } # expect: PE006 aws_s3_bucket.uploads
}

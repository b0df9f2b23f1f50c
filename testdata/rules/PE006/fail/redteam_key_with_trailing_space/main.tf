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

# "CostCenter " (trailing space) is another key: the bucket has no CostCenter tag.
resource "aws_s3_bucket" "uploads" {
  bucket = "photo-editor-uploads"
  tags   = { Project = "photo-editor", Env = "prod", Owner = "platform-team", "CostCenter " = "CC-1042" } # expect: PE006 aws_s3_bucket.uploads
}

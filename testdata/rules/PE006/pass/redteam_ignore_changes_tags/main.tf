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

# ignore_changes = [tags] only stops later updates: the tags are applied at creation.
resource "aws_s3_bucket" "uploads" {
  bucket = "photo-editor-uploads"
  tags   = { Project = "photo-editor", Env = "prod", Owner = "platform-team", CostCenter = "CC-1042" }

  lifecycle {
    ignore_changes = [tags]
  }
}

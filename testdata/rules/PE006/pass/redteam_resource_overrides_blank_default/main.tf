terraform {
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "5.100.0"
    }
  }
}

# default_tags has CostCenter = "", but the resource's own CostCenter wins in tags_all.
provider "aws" {
  region = "us-east-1"

  default_tags {
    tags = { Project = "photo-editor", Env = "prod", Owner = "platform-team", CostCenter = "" }
  }
}

resource "aws_s3_bucket" "uploads" {
  bucket = "photo-editor-uploads"
  tags   = { CostCenter = "CC-1042" }
}

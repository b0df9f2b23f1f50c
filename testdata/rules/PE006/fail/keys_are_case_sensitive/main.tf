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

resource "aws_s3_bucket" "uploads" {
  bucket = "photo-editor-uploads"
  tags = { # expect: PE006 aws_s3_bucket.uploads
    project    = "photo-editor"
    env        = "prod"
    owner      = "platform-team"
    costcenter = "CC-1042"
  }
}

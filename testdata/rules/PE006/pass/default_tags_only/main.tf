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
    tags = {
      Project    = "photo-editor"
      Env        = "prod"
      Owner      = "platform-team"
      CostCenter = "CC-1042"
    }
  }
}

resource "aws_sqs_queue" "jobs" {
  name = "jobs"
}

resource "aws_s3_bucket" "uploads" {
  bucket = "photo-editor-uploads"
}

resource "aws_kms_key" "k" {
  description         = "key"
  enable_key_rotation = true
}

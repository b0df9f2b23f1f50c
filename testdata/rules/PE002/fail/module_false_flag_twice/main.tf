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

module "uploads" {
  source = "./modules/bucket"
  name   = "photo-editor-uploads"
}

module "archive" {
  source = "./modules/bucket"
  name   = "photo-editor-archive"
}

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

module "resize" {
  source = "./modules/fn"
  name   = "resize"
}

module "watermark" {
  source      = "./modules/fn"
  name        = "watermark"
  concurrency = 20
}

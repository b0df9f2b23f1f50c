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

module "status_a" {
  source = "./modules/api"
  name   = "photo-status-a"
}

module "status_b" {
  source = "./modules/api"
  name   = "photo-status-b"
}

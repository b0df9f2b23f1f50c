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

module "jobs" {
  source = "./modules/queue"
  name   = "jobs"
}

module "thumbnails" {
  source = "./modules/queue"
  name   = "thumbnails"
}

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

module "a" {
  source = "./modules/key"
  name   = "a"
}

module "b" {
  source = "./modules/key"
  name   = "b"
}

module "c" {
  source = "./modules/key"
  count  = 1
  name   = "c"
}

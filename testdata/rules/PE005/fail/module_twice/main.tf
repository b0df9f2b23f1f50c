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

variable "environment" {
  type    = string
  default = "prod"
}

module "resize" {
  source = "./modules/fn"
  name   = "photo-resize"
}

module "watermark" {
  source = "./modules/fn"
  name   = "photo-watermark"
}

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

resource "aws_cloudwatch_log_group" "app" { # expect: PE005 aws_cloudwatch_log_group.app
  name = "/photo-editor/app"
}

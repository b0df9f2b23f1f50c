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

# `env` is read as the environment, and `production` as `prod`.
variable "env" {
  type    = string
  default = "production"
}

resource "aws_cloudwatch_log_group" "app" {
  name              = "/photo-editor/app"
  retention_in_days = 90
}

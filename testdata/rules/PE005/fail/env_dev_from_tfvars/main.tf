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

# The default says prod, but terraform.tfvars sets dev, which requires 14.
variable "environment" {
  type    = string
  default = "prod"
}

resource "aws_cloudwatch_log_group" "app" {
  name              = "/photo-editor/app"
  retention_in_days = 90 # expect: PE005 aws_cloudwatch_log_group.app
}

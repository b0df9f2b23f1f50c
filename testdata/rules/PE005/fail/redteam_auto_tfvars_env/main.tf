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

# terraform.tfvars says prod, but dev.auto.tfvars is loaded after it and wins: dev needs 14.
resource "aws_cloudwatch_log_group" "g" {
  name              = "/aws/app/photo-editor"
  retention_in_days = 90 # expect: PE005 aws_cloudwatch_log_group.g
}

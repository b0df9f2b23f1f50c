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

variable "retention_days" {
  type = number
}

resource "aws_cloudwatch_log_group" "app" {
  name              = "/photo-editor/app"
  retention_in_days = var.retention_days # expect-unresolved: PE005 aws_cloudwatch_log_group.app
}

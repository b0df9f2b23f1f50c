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

locals {
  retention = { prod = 90, staging = 30, dev = 14 }
}

resource "aws_cloudwatch_log_group" "app" {
  name              = "/photo-editor/${var.environment}/app"
  retention_in_days = local.retention[var.environment]
}

resource "aws_cloudwatch_log_group" "audit" {
  name              = "/photo-editor/${var.environment}/audit"
  retention_in_days = 30
}

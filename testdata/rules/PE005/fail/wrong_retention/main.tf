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

resource "aws_cloudwatch_log_group" "api_access" {
  name              = "/photo-editor/api-access"
  retention_in_days = 7 # expect: PE005 aws_cloudwatch_log_group.api_access
}

# Longer than required also fails.
resource "aws_cloudwatch_log_group" "audit" {
  name              = "/photo-editor/audit"
  retention_in_days = 365 # expect: PE005 aws_cloudwatch_log_group.audit
}

# 0 means never expire.
resource "aws_cloudwatch_log_group" "forever" {
  name              = "/photo-editor/forever"
  retention_in_days = 0 # expect: PE005 aws_cloudwatch_log_group.forever
}

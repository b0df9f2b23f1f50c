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

variable "tier" {
  type = string
}

locals {
  days = { gold = 90, silver = 90 }
}

# Every value var.tier can pick is 90.
resource "aws_cloudwatch_log_group" "tiered" {
  name              = "/photo-editor/tiered"
  retention_in_days = lookup(local.days, var.tier, 90)
}

resource "aws_cloudwatch_log_group" "indexed" {
  name              = "/photo-editor/indexed"
  retention_in_days = local.days[var.tier]
}

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

variable "short" {
  type = bool
}

locals {
  days = { gold = 365, silver = 30 }
}

# Whatever var.tier is, the retention is 365 or 30: never prod's 90.
resource "aws_cloudwatch_log_group" "tiered" {
  name              = "/photo-editor/tiered"
  retention_in_days = local.days[var.tier] # expect: PE005 aws_cloudwatch_log_group.tiered
}

# 90 or 14: right only if var.short is false.
resource "aws_cloudwatch_log_group" "maybe" {
  name              = "/photo-editor/maybe"
  retention_in_days = var.short ? 14 : 90 # expect-unresolved: PE005 aws_cloudwatch_log_group.maybe
}

# The unknown tier could be anything: lookup of an unknown map.
variable "days_by_tier" {
  type = map(number)
}

resource "aws_cloudwatch_log_group" "open" {
  name              = "/photo-editor/open"
  retention_in_days = lookup(var.days_by_tier, var.tier, 365) # expect-unresolved: PE005 aws_cloudwatch_log_group.open
}

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

# No --env and no environment variable: the environment is unknown. A retention that is
# no environment's (prod 90, staging 30, dev 14) is wrong whichever it is.
resource "aws_cloudwatch_log_group" "never" {
  name              = "/photo-editor/never"
  retention_in_days = 0 # expect: PE005 aws_cloudwatch_log_group.never
}

resource "aws_cloudwatch_log_group" "year" {
  name              = "/photo-editor/year"
  retention_in_days = 365 # expect: PE005 aws_cloudwatch_log_group.year
}

resource "aws_cloudwatch_log_group" "one" {
  name              = "/photo-editor/one"
  retention_in_days = 1 # expect: PE005 aws_cloudwatch_log_group.one
}

resource "aws_cloudwatch_log_group" "week" {
  name              = "/photo-editor/week"
  retention_in_days = 7 # expect: PE005 aws_cloudwatch_log_group.week
}

# 14 is dev's retention: right if the environment is dev.
resource "aws_cloudwatch_log_group" "dev" {
  name              = "/photo-editor/dev"
  retention_in_days = 14 # expect-unresolved: PE005 aws_cloudwatch_log_group.dev
}

variable "long" {
  type = bool
}

# Either branch is wrong in every environment.
resource "aws_cloudwatch_log_group" "either" {
  name              = "/photo-editor/either"
  retention_in_days = var.long ? 365 : 0 # expect: PE005 aws_cloudwatch_log_group.either
}

# One branch fits staging: unresolved.
resource "aws_cloudwatch_log_group" "maybe" {
  name              = "/photo-editor/maybe"
  retention_in_days = var.long ? 365 : 30 # expect-unresolved: PE005 aws_cloudwatch_log_group.maybe
}

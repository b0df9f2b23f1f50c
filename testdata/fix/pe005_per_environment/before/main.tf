variable "environment" {
  default = "prod"
}

locals {
  retention = {
    prod    = 30
    staging = 30
    dev     = 7
    qa      = 1
  }
}

resource "aws_cloudwatch_log_group" "a" {
  name              = "/a"
  retention_in_days = local.retention[var.environment]
}

resource "aws_cloudwatch_log_group" "b" {
  name              = "/b"
  retention_in_days = { prod = 60, dev = 14 }[var.environment]
}

resource "aws_cloudwatch_log_group" "c" {
  name              = "/c"
  retention_in_days = var.environment == "prod" ? 30 : var.environment == "staging" ? 30 : 3
}

variable "environment" {
  default = "prod"
}

locals {
  retention = {
    prod = 30
    dev  = 7
  }
  audit = {
    prod = 30
  }
}

resource "aws_cloudwatch_log_group" "a" {
  name              = "/a"
  retention_in_days = lookup(local.retention, var.environment)
}

# No "prod" key: lookup reads the default for prod ("production" is another key).
resource "aws_cloudwatch_log_group" "b" {
  name              = "/b"
  retention_in_days = lookup({ staging = 10, production = 60 }, var.environment, 7)
}

# The audit map is read elsewhere too: editing it would change that value.
resource "aws_cloudwatch_log_group" "c" {
  name              = "/c"
  retention_in_days = lookup(local.audit, var.environment, 14)
}

output "audit" {
  value = local.audit
}

terraform {
  required_providers {
    aws = {
      source                = "hashicorp/aws"
      configuration_aliases = [aws.secondary]
    }
  }
}

variable "prefix" {
  type = string
}

resource "aws_cloudwatch_log_group" "primary" {
  name              = "/${var.prefix}/primary"
  retention_in_days = 365
  tags              = { Side = "primary" }
}

resource "aws_cloudwatch_log_group" "secondary" {
  provider = aws.secondary

  name              = "/${var.prefix}/secondary"
  retention_in_days = 180
  tags              = { Side = "secondary" }
}

output "log_groups" {
  value = [aws_cloudwatch_log_group.primary.name, aws_cloudwatch_log_group.secondary.name]
}

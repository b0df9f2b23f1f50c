variable "environment" {
  type    = string
  default = "staging"
}

variable "api_retention" {
  type    = number
  default = 7
}

resource "aws_cloudwatch_log_group" "app" {
  name              = "/photo/app"
  retention_in_days = 30 // two weeks
}

resource "aws_cloudwatch_log_group" "worker" {
  name              = "/photo/worker"
  retention_in_days = 30
}

resource "aws_cloudwatch_log_group" "api" {
  name              = "/photo/api"
  retention_in_days = var.api_retention
}

variable "name" {
  type = string
}

variable "days" {
  type = number
}

resource "aws_cloudwatch_log_group" "this" {
  name              = "/aws/app/${var.name}"
  retention_in_days = var.days # expect: PE005 module.logs["billing"].aws_cloudwatch_log_group.this
}

variable "name" {
  type = string
}

resource "aws_cloudwatch_log_group" "audit" {
  name              = "/audit/${var.name}"
  retention_in_days = 400
  tags              = { Inner = "yes" }
}

output "group_name" {
  value = aws_cloudwatch_log_group.audit.name
}

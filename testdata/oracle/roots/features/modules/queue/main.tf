variable "name" {
  type = string
}

variable "extra_tags" {
  type    = map(string)
  default = {}
}

variable "visibility" {
  type    = number
  default = 30
}

resource "aws_sqs_queue" "q" {
  name                       = var.name
  visibility_timeout_seconds = var.visibility
  sqs_managed_sse_enabled    = true
  tags                       = merge(var.extra_tags, { Level = "2", Name = var.name })
}

output "name" {
  value = aws_sqs_queue.q.name
}

output "arn" {
  value = aws_sqs_queue.q.arn
}

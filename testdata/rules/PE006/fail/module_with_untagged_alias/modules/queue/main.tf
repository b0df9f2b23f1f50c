variable "name" {
  type = string
}

resource "aws_sqs_queue" "this" { # expect: PE006 module.untagged.aws_sqs_queue.this
  name = var.name
}

variable "name" {
  type = string
}

resource "aws_sqs_queue" "this" { # expect: PE003 module.jobs.aws_sqs_queue.this # expect: PE003 module.thumbnails.aws_sqs_queue.this
  name = var.name
}

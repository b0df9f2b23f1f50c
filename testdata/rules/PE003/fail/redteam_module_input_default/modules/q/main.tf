variable "dlq" {
  type = string
}

variable "max_receive" {
  type    = number
  default = 5
}

resource "aws_sqs_queue" "this" {
  name = "module-q"
  redrive_policy = jsonencode({ # expect: PE003 module.q.aws_sqs_queue.this
    deadLetterTargetArn = var.dlq
    maxReceiveCount     = var.max_receive
  })
}

provider "aws" {
  region = "eu-west-1"
}

variable "queues" {
  type = map(object({
    delay   = number
    fifo    = optional(bool, false)
    dlq     = optional(bool, false)
  }))
  default = {
    thumbnails = { delay = 0 }
    emails     = { delay = 30, dlq = true }
    billing    = { delay = 0, fifo = true, dlq = true }
  }
}

module "queue" {
  source   = "../../modules-aws5/terraform-aws-sqs@v4.3.1"
  for_each = var.queues

  name          = each.value.fifo ? "${each.key}.fifo" : each.key
  fifo_queue    = each.value.fifo
  delay_seconds = each.value.delay
  create_dlq    = each.value.dlq
  redrive_policy = each.value.dlq ? { maxReceiveCount = 3 } : {}

  tags = { Queue = each.key }
}

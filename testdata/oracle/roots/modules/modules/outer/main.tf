terraform {
  required_providers {
    aws = {
      source                = "hashicorp/aws"
      configuration_aliases = [aws.audit]
    }
  }
}

variable "team" {
  type = string
}

variable "settings" {
  type = object({
    size  = number
    fifo  = optional(bool, false)
    delay = optional(number, 15)
    extra = optional(map(string), { Tier = "standard" })
  })
}

module "inner" {
  source = "../inner"
  count  = var.settings.size > 1 ? 1 : 0

  name = var.team
  providers = {
    aws = aws.audit
  }
}

resource "aws_sqs_queue" "main" {
  name          = var.settings.fifo ? "${var.team}.fifo" : var.team
  fifo_queue    = var.settings.fifo
  delay_seconds = var.settings.delay
  tags          = merge(var.settings.extra, { Size = var.settings.size })
}

output "queue" {
  value = aws_sqs_queue.main
}

output "audit_group" {
  value = one(module.inner[*].group_name)
}

variable "name" {
  type = string
}

variable "tags" {
  type    = map(string)
  default = {}
}

resource "aws_sns_topic" "events" {
  name = "${var.name}-events"
  tags = var.tags
}

module "queue" {
  source = "../queue"
  count  = 2

  name       = "${var.name}-q${count.index}"
  extra_tags = merge(var.tags, { Level = "1" })
  visibility = 60 * (count.index + 1)
}

output "queue_names" {
  value = module.queue[*].name
}

resource "aws_ssm_parameter" "paths" {
  name  = "/${var.name}/paths"
  type  = "String"
  value = "${path.module}|${path.root}|${basename(path.module)}"
}

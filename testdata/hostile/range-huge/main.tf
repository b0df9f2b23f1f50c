locals {
  r = range(100000000)
  s = [for i in range(100000000) : i]
}

resource "aws_sqs_queue" "q" {
  for_each = toset([for i in local.r : tostring(i)])
  name     = each.key
}

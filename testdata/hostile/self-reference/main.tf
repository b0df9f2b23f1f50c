locals {
  a = local.a
  b = local.c
  c = [local.b]
}

resource "aws_kms_key" "k" {
  description         = local.a
  enable_key_rotation = local.b == null
}

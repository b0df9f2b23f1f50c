variable "name" {
  type = string
}

variable "rotate" {
  type    = bool
  default = true
}

resource "aws_kms_key" "this" {
  description         = "module key ${var.name}"
  enable_key_rotation = var.rotate
}

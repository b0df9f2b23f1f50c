variable "rotate_keys" {
  type    = bool
  default = false
}

resource "aws_kms_key" "uploads" {
  description         = "uploads"
  enable_key_rotation = var.rotate_keys
}

variable "rotate_keys" {
  type    = bool
  default = false
}

resource "aws_kms_key" "uploads" {
  enable_key_rotation = var.rotate_keys
}

resource "aws_kms_key" "thumbnails" {
  enable_key_rotation = var.rotate_keys
}

variable "environment" {
  type = string
}

resource "aws_kms_key" "ok" {
  enable_key_rotation = false
}

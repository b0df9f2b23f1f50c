resource "aws_kms_key" "k" {
  description = "crlf"
  enable_key_rotation = false
}

resource "aws_kms_key" "bad" {
  enable_key_rotation = true

  description = "unterminated
}

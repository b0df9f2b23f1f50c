# pe-lint:ignore PE001 reason="imported key, rotated by the HSM team"
resource "aws_kms_key" "imported" {
  enable_key_rotation = false
}

resource "aws_kms_key" "uploads" {
  enable_key_rotation = true
}

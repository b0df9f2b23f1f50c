# A suppression in a module applies to every instance of the module.
# pe-lint:ignore PE001 reason="module key, rotated by hand"
resource "aws_kms_key" "inner" {
  enable_key_rotation = false
}

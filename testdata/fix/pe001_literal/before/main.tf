# Keys for the photo editor.
resource "aws_kms_key" "uploads" {
  description         = "uploads"
  enable_key_rotation = false # rotation was forgotten
}

resource "aws_kms_key" "thumbnails" {
  description = "thumbnails"

  tags = {
    Name = "thumbnails"
  }
}

resource "aws_kms_key" "empty" {}

resource "aws_kms_key" "signing" {
  customer_master_key_spec = "RSA_2048"
  key_usage                = "SIGN_VERIFY"
}

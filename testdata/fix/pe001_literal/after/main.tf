# Keys for the photo editor.
resource "aws_kms_key" "uploads" {
  description         = "uploads"
  enable_key_rotation = true # rotation was forgotten
}

resource "aws_kms_key" "thumbnails" {
  description = "thumbnails"

  tags = {
    Name = "thumbnails"
  }
  enable_key_rotation = true
}

resource "aws_kms_key" "empty" {
  enable_key_rotation = true
}

resource "aws_kms_key" "signing" {
  customer_master_key_spec = "RSA_2048"
  key_usage                = "SIGN_VERIFY"
}

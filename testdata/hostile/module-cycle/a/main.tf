module "b" {
  source = "../b"
}

resource "aws_kms_key" "a" {
  enable_key_rotation = true
}

resource "aws_kms_key" "k" {
  enable_key_rotation = null # expect: PE001 aws_kms_key.k
}

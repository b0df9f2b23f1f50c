resource "aws_kms_key" "key" {
  enable_key_rotation = false
  tags = {
    Project    = "p"
    Env        = "prod"
    Owner      = "o"
    CostCenter = "c"
  }
}

resource "aws_kms_key" "ok" {
  enable_key_rotation = true
  tags = {
    Project    = "p"
    Env        = "prod"
    Owner      = "o"
    CostCenter = "c"
  }
}

resource "aws_kms_key" "bare" {
  # pe-lint:ignore
  enable_key_rotation = false
  tags = {
    Project    = "p"
    Env        = "prod"
    Owner      = "o"
    CostCenter = "c"
  }
}

provider "aws" {
  region = "eu-west-1"
}

locals {
  keys = toset(["data", "backups", "logs"])
}

module "key" {
  source   = "../../modules-aws5/terraform-aws-kms@v3.1.1"
  for_each = local.keys

  description = "${each.key} key"
  aliases     = ["oracle/${each.key}"]
  key_users   = ["arn:aws:iam::123456789012:role/${each.key}-reader"]
  tags        = { Data = each.value }
}

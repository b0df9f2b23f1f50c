provider "aws" {
  region = "eu-west-1"
}

locals {
  params = {
    "/oracle/url"      = { value = "https://example.com", type = "String" }
    "/oracle/hosts"    = { values = ["a", "b"], type = "StringList" }
    "/oracle/password" = { value = "hunter2", type = "SecureString", tier = "Advanced" }
  }
}

module "param" {
  source   = "../../modules-aws5/terraform-aws-ssm-parameter@v1.2.0"
  for_each = local.params

  name        = each.key
  value       = try(each.value.value, null)
  values      = try(each.value.values, [])
  type        = each.value.type
  tier        = try(each.value.tier, null)
  description = "oracle ${each.key}"
  tags        = { Param = each.key }
}

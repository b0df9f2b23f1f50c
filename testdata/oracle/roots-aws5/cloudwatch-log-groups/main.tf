provider "aws" {
  region = "eu-west-1"
}

module "logs" {
  source   = "../../modules-aws5/terraform-aws-cloudwatch@v5.7.2/modules/log-group"
  for_each = { api = 30, worker = 90, audit = 365 }

  name              = "/oracle/${each.key}"
  retention_in_days = each.value
  kms_key_id        = each.key == "audit" ? "arn:aws:kms:eu-west-1:123456789012:key/abcd" : null
  tags              = { Component = each.key }
}

module "stream" {
  source         = "../../modules-aws5/terraform-aws-cloudwatch@v5.7.2/modules/log-stream"
  name           = "main"
  log_group_name = module.logs["api"].cloudwatch_log_group_name
}

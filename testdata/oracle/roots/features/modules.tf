# for_each module through the aliased provider; it calls a counted module (two levels).
module "app" {
  source   = "./modules/app"
  for_each = local.enabled_queues

  name = "${local.name_prefix}-${each.key}"
  tags = { App = each.key }
  providers = {
    aws = aws.dr
  }
}

# count module through the provider without default_tags.
module "plain" {
  source = "./modules/queue"
  count  = 2

  name       = "${local.name_prefix}-plain-${count.index}"
  extra_tags = { Plain = "yes" }
  providers = {
    aws = aws.plain
  }
}

# A module with a second, aliased provider passed in.
module "dual" {
  source = "./modules/dual"

  prefix = local.name_prefix
  providers = {
    aws           = aws
    aws.secondary = aws.dr
  }
}

resource "aws_ssm_parameter" "module_outputs" {
  name = "/${local.project}/module-outputs"
  type = "String"
  value = jsonencode({
    orders = module.app["orders"].queue_names
    plain  = module.plain[*].name
    dual   = module.dual.log_groups
  })
}

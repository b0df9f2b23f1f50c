# Module plumbing: whole-resource outputs, for_each over module outputs, aliased providers
# through an intermediate module, typed inputs with optional attributes, count from outputs.
terraform {
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = ">= 5.0, < 6.0"
    }
  }
}

provider "aws" {
  region = "eu-west-1"
  default_tags {
    tags = { Layer = "root" }
  }
}

provider "aws" {
  alias  = "audit"
  region = "eu-west-2"
  default_tags {
    tags = { Layer = "audit", Port = 443 }
  }
}

module "lookup" {
  source = "./modules/lookup"
  teams  = ["payments", "search"]
}

module "outer" {
  source   = "./modules/outer"
  for_each = module.lookup.team_settings

  team     = each.key
  settings = each.value
  providers = {
    aws       = aws
    aws.audit = aws.audit
  }
}

resource "aws_sns_topic" "per_team" {
  count = length(module.lookup.team_names)

  name = replace("${module.lookup.team_names[count.index]}-${module.outer[module.lookup.team_names[count.index]].queue.name}", ".", "-")
  tags = { Port = 8080, Team = module.lookup.team_names[count.index] }
}

resource "aws_ssm_parameter" "outputs" {
  name  = "/modules/outputs"
  type  = "String"
  value = jsonencode({ for k, o in module.outer : k => [o.queue.name, o.queue.delay_seconds, o.audit_group] })
}

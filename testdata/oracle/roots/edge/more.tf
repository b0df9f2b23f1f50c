module "nullable" {
  source           = "./modules/nullable"
  nullable_default = null
  not_nullable     = null
  obj              = { a = "given", c = ["z"] }
}

module "none" {
  source = "./modules/nullable"
  count  = 0
}

locals {
  e2 = {
    html_escape  = jsonencode("<b>&'\"\u2028")
    html_in_obj  = jsonencode({ "k<" = "v&" })
    workspace    = terraform.workspace
    empty_outs   = jsonencode(module.none[*].value)
    module_value = module.nullable.value
    yaml_str     = yamlencode({ s = "yes", n = "1.0", e = "", m = "multi\nline", l = [] })
    quoted_fmt   = format("%q|%q", "a\"b\\c\n", 12)
    upper_keys   = jsonencode({ for k in ["b", "a"] : k => upper(k) })
  }
}

resource "aws_ssm_parameter" "e2" {
  for_each = local.e2

  name  = "/edge2/${each.key}"
  type  = "String"
  value = each.value
}

# Nested dynamic blocks.
resource "aws_s3_bucket_lifecycle_configuration" "nested" {
  bucket = "edge-bucket"

  dynamic "rule" {
    for_each = { archive = [30, 90], expire = [] }
    content {
      id     = rule.key
      status = "Enabled"
      filter {
        prefix = "${rule.key}/"
      }
      dynamic "transition" {
        for_each = rule.value
        content {
          days          = transition.value
          storage_class = transition.key == 0 ? "STANDARD_IA" : "GLACIER"
        }
      }
      expiration {
        days = 365
      }
    }
  }
}

# Tags with an empty value, null tags and default tags.
provider "aws" {
  alias  = "tagged"
  region = "eu-west-1"
  default_tags {
    tags = { Team = "edge", Empty = "" }
  }
}

resource "aws_sqs_queue" "tags_null" {
  provider = aws.tagged
  name     = "edge-tags-null"
  tags     = null
}

resource "aws_sqs_queue" "tags_empty_value" {
  provider = aws.tagged
  name     = "edge-tags-empty"
  tags     = { Own = "", Team = "override" }
}

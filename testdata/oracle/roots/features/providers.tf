# Default provider with default_tags, an alias with its own default_tags, and one without.
provider "aws" {
  region = "eu-west-1"
  default_tags {
    tags = local.default_tags
  }
}

provider "aws" {
  alias  = "dr"
  region = "eu-central-1"
  default_tags {
    tags = merge(local.default_tags, { Region = "dr", CostCenter = "dr-${var.cost_center}" })
  }
}

provider "aws" {
  alias  = "plain"
  region = "us-east-1"
}

# data.aws_region and data.aws_partition are answered from the provider configuration's region,
# without asking AWS (issue 19): the default provider, aliases, a region from a variable and from
# the command line, the China and GovCloud partitions, and modules given a provider through
# `providers = {}` or inheriting the default one.

variable "other_region" {
  type    = string
  default = "cn-north-1"
}

variable "cli_region" {
  type = string
}

provider "aws" {
  region = "us-east-2"
}

provider "aws" {
  alias  = "other"
  region = var.other_region
}

provider "aws" {
  alias  = "gov"
  region = "us-gov-west-1"
}

provider "aws" {
  alias  = "cli"
  region = var.cli_region
}

data "aws_region" "current" {}

data "aws_region" "other" {
  provider = aws.other
}

data "aws_region" "gov" {
  provider = aws.gov
}

data "aws_region" "cli" {
  provider = aws.cli
}

data "aws_region" "named" {
  name = "ap-south-1"
}

data "aws_partition" "current" {}

data "aws_partition" "other" {
  provider = aws.other
}

data "aws_partition" "gov" {
  provider = aws.gov
}

resource "aws_sqs_queue" "named_by_region" {
  name = "q-${data.aws_region.current.name}-${data.aws_region.cli.id}"
  tags = {
    Region      = data.aws_region.other.description
    DnsSuffix   = data.aws_partition.other.dns_suffix
    Endpoint    = data.aws_region.gov.endpoint
    Partition   = data.aws_partition.gov.partition
    ReverseDns  = data.aws_partition.other.reverse_dns_prefix
    NamedRegion = data.aws_region.named.name
  }
}

module "gov" {
  source = "./modules/regional"
  providers = {
    aws = aws.gov
  }
}

module "inherited" {
  source = "./modules/regional"
}

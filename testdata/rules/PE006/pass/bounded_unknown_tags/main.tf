terraform {
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "5.100.0"
    }
  }
}

provider "aws" {
  region = "us-east-1"
}

data "aws_availability_zones" "available" {}

variable "per_az_tags" {
  type = map(map(string))
  default = {
    "us-east-1a" = { Zone = "a" }
    "us-east-1b" = { Zone = "b" }
  }
}

locals {
  tags = { Project = "photo-editor", Env = "prod", Owner = "platform-team", CostCenter = "CC-1042" }
}

# Whatever the zone, the cost tags come from local.tags.
resource "aws_sqs_queue" "per_az" {
  name = "per-az"
  tags = merge(lookup(var.per_az_tags, data.aws_availability_zones.available.names[0], {}), local.tags)
}

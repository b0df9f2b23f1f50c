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
  type    = map(map(string))
  default = {}
}

variable "some_az_tags" {
  type = map(map(string))
  default = {
    "us-east-1a" = { CostCenter = "CC-1042" }
  }
}

variable "unknown_az_tags" {
  type = map(map(string))
}

locals {
  tags = { Project = "photo-editor", Env = "prod", Owner = "platform-team" }
  az   = data.aws_availability_zones.available.names[0]
}

# The lookup into an empty map is {} whatever the zone: CostCenter is missing for sure.
resource "aws_sqs_queue" "empty_map" {
  name = "empty-map"
  tags = merge(local.tags, lookup(var.per_az_tags, local.az, {})) # expect: PE006 aws_sqs_queue.empty_map
}

# The zone might be us-east-1a, which has CostCenter: unresolved.
resource "aws_sqs_queue" "some_zones" {
  name = "some-zones"
  tags = merge(local.tags, lookup(var.some_az_tags, local.az, {})) # expect-unresolved: PE006 aws_sqs_queue.some_zones
}

# A map that is itself unknown could supply any key: unresolved.
resource "aws_sqs_queue" "unknown_map" {
  name = "unknown-map"
  tags = merge(local.tags, lookup(var.unknown_az_tags, local.az, {})) # expect-unresolved: PE006 aws_sqs_queue.unknown_map
}

# Whichever branch: Owner and CostCenter are missing.
resource "aws_sqs_queue" "conditional" {
  name = "conditional"
  tags = length(local.az) > 10 ? { Project = "p" } : { Env = "prod" } # expect: PE006 aws_sqs_queue.conditional
}

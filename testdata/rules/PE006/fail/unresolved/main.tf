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

variable "tags" {
  type = map(string)
}

variable "project" {
  type = string
}

variable "owner" {
  type = string
}

# The whole map is unknown.
resource "aws_sqs_queue" "unknown_map" {
  name = "unknown-map"
  tags = var.tags # expect-unresolved: PE006 aws_sqs_queue.unknown_map
}

# Only Owner is unknown; the other three are present.
resource "aws_sqs_queue" "unknown_owner" {
  name = "unknown-owner"
  tags = { Project = "photo-editor", Env = "prod", Owner = var.owner, CostCenter = "CC-1042" } # expect-unresolved: PE006 aws_sqs_queue.unknown_owner
}

# Project is unknown, but Env, Owner and CostCenter are known to be missing: fail.
resource "aws_sqs_queue" "known_missing" {
  name = "known-missing"
  tags = { Project = var.project } # expect: PE006 aws_sqs_queue.known_missing
}

variable "default_tags" {
  type = map(string)
}

provider "aws" {
  alias  = "unknown_defaults"
  region = "eu-west-1"

  default_tags {
    tags = var.default_tags
  }
}

# The provider's default_tags map is unknown and the resource has no tags.
resource "aws_sqs_queue" "unknown_defaults" { # expect-unresolved: PE006 aws_sqs_queue.unknown_defaults
  provider = aws.unknown_defaults
  name     = "unknown-defaults"
}

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

  default_tags {
    tags = local.common_tags
  }
}

variable "owner" {
  type    = string
  default = ""
}

variable "cost_center" {
  type = string
}

locals {
  common_tags = {
    Project = "photo-editor"
    Env     = "prod"
    Owner   = var.owner
  }
}

resource "aws_sqs_queue" "jobs" {
  name = "jobs"
  tags = merge(local.common_tags, { CostCenter = var.cost_center, Name = "jobs" })
}

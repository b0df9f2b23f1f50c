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
    tags = {
      Project = "photo-editor"
      Env     = "prod"
    }
  }
}

resource "aws_sqs_queue" "numbered" {
  count = 2
  name  = "shard-${count.index}"
  tags = {
    Owner      = "platform-team"
    CostCenter = "CC-1042"
  }
}

resource "aws_sns_topic" "named" {
  for_each = { alerts = "CC-1042", billing = "CC-9000" }
  name     = each.key
  tags = {
    Owner      = "platform-team"
    CostCenter = each.value
  }
}

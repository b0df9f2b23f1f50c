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

resource "aws_sqs_queue" "numbered" { # expect: PE006 aws_sqs_queue.numbered[0] # expect: PE006 aws_sqs_queue.numbered[1]
  count = 2
  name  = "shard-${count.index}"
}

resource "aws_sns_topic" "named" {
  for_each = { alerts = "CC-1042", billing = "" }
  name     = each.key
  tags = { # expect: PE006 aws_sns_topic.named["billing"]
    Owner      = "platform-team"
    CostCenter = each.value
  }
}

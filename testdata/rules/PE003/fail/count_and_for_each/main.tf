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

resource "aws_sqs_queue" "dlq" {
  name = "dlq"
}

resource "aws_sqs_queue" "numbered" { # expect: PE003 aws_sqs_queue.numbered[0] # expect: PE003 aws_sqs_queue.numbered[1]
  count = 2
  name  = "shard-${count.index}"
}

resource "aws_sqs_queue" "named" {
  for_each = { resize = 3, watermark = 10 }
  name     = each.key
  redrive_policy = jsonencode({ # expect: PE003 aws_sqs_queue.named["watermark"]
    deadLetterTargetArn = aws_sqs_queue.dlq.arn
    maxReceiveCount     = each.value
  })
}

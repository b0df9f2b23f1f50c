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
  name = "jobs-dlq"
}

# Red team: the count comes from a for_each map, one instance at 5.
resource "aws_sqs_queue" "each" {
  for_each = { a = 3, b = 5 }
  name     = "each-${each.key}"
  redrive_policy = jsonencode({ # expect: PE003 aws_sqs_queue.each["b"]
    deadLetterTargetArn = aws_sqs_queue.dlq.arn
    maxReceiveCount     = each.value
  })
}

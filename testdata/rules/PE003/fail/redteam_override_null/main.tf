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

# Evasion: override.tf sets redrive_policy = null: the queue has no dead-letter queue, and the
# would-be DLQ is no longer one either.
resource "aws_sqs_queue" "dlq" { # expect: PE003 aws_sqs_queue.dlq
  name = "dlq"
}

resource "aws_sqs_queue" "q" { # expect: PE003 aws_sqs_queue.q
  name           = "q"
  redrive_policy = jsonencode({ deadLetterTargetArn = aws_sqs_queue.dlq.arn, maxReceiveCount = 3 })
}

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

# Evasion: `MaxReceiveCount` is not `maxReceiveCount` (SQS attribute keys are case-sensitive), so
# the count is not set.
resource "aws_sqs_queue" "dlq" {
  name = "dlq"
}

resource "aws_sqs_queue" "q" {
  name           = "q"
  redrive_policy = jsonencode({ deadLetterTargetArn = aws_sqs_queue.dlq.arn, MaxReceiveCount = 3 }) # expect: PE003 aws_sqs_queue.q
}

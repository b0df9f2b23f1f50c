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

# The DLQs here are recognised by their redrive_allow_policy (attribute or separate
# resource), since their source queues live in another configuration.
resource "aws_sqs_queue" "parked" {
  name = "parked"
  redrive_allow_policy = jsonencode({
    redrivePermission = "byQueue"
    sourceQueueArns   = ["arn:aws:sqs:us-east-1:123456789012:orders"]
  })
}

resource "aws_sqs_queue" "archive_dlq" {
  name = "archive-dlq"
}

resource "aws_sqs_queue_redrive_allow_policy" "archive_dlq" {
  queue_url = aws_sqs_queue.archive_dlq.id
  redrive_allow_policy = jsonencode({
    redrivePermission = "byQueue"
    sourceQueueArns   = ["arn:aws:sqs:us-east-1:123456789012:archive"]
  })
}

# A DLQ managed elsewhere, named by its queue ARN string.
resource "aws_sqs_queue" "events" {
  name = "events"
  redrive_policy = jsonencode({
    deadLetterTargetArn = "arn:aws:sqs:us-east-1:123456789012:shared-dlq"
    maxReceiveCount     = 3
  })
}

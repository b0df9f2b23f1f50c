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

# Red team: a separate redrive resource names the queue by a literal URL and sets 10.
resource "aws_sqs_queue" "by_url" {
  name = "by-url"
  redrive_policy = jsonencode({
    deadLetterTargetArn = aws_sqs_queue.dlq.arn
    maxReceiveCount     = 3
  })
}

resource "aws_sqs_queue_redrive_policy" "by_url" {
  queue_url = "https://sqs.us-east-1.amazonaws.com/123456789012/by-url"
  redrive_policy = jsonencode({ # expect: PE003 aws_sqs_queue.by_url
    deadLetterTargetArn = aws_sqs_queue.dlq.arn
    maxReceiveCount     = 10
  })
}

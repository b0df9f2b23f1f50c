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

resource "aws_sqs_queue" "thumbnail_dlq" {
  name = "thumbnail-dlq"
}

resource "aws_sqs_queue" "thumbnail" {
  name = "thumbnail"
  redrive_policy = jsonencode({ # expect: PE003 aws_sqs_queue.thumbnail
    deadLetterTargetArn = aws_sqs_queue.thumbnail_dlq.arn
    maxReceiveCount     = 5
  })
}

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

resource "aws_sqs_queue" "zero" {
  name           = "zero"
  redrive_policy = jsonencode({ deadLetterTargetArn = aws_sqs_queue.dlq.arn, maxReceiveCount = 0 }) # expect: PE003 aws_sqs_queue.zero
}

resource "aws_sqs_queue" "missing_count" {
  name           = "missing-count"
  redrive_policy = jsonencode({ deadLetterTargetArn = aws_sqs_queue.dlq.arn }) # expect: PE003 aws_sqs_queue.missing_count
}

resource "aws_sqs_queue" "text_count" {
  name           = "text-count"
  redrive_policy = jsonencode({ deadLetterTargetArn = aws_sqs_queue.dlq.arn, maxReceiveCount = "three" }) # expect: PE003 aws_sqs_queue.text_count
}

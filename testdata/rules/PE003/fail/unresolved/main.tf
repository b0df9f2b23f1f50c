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

variable "max_receive_count" {
  type = number
}

variable "raw_policy" {
  type = string
}

resource "aws_sqs_queue" "dlq" {
  name = "dlq"
}

# maxReceiveCount comes from a variable with no value.
resource "aws_sqs_queue" "jobs" {
  name           = "jobs"
  redrive_policy = jsonencode({ deadLetterTargetArn = aws_sqs_queue.dlq.arn, maxReceiveCount = var.max_receive_count }) # expect-unresolved: PE003 aws_sqs_queue.jobs
}

# The whole policy comes from a variable with no value.
resource "aws_sqs_queue" "raw" {
  name           = "raw"
  redrive_policy = var.raw_policy # expect-unresolved: PE003 aws_sqs_queue.raw
}

# Not valid JSON after evaluation.
resource "aws_sqs_queue" "broken" {
  name           = "broken"
  redrive_policy = "{\"deadLetterTargetArn\": \"${aws_sqs_queue.dlq.arn}\", \"maxReceiveCount\": 3" # expect-unresolved: PE003 aws_sqs_queue.broken
}

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
  type    = number
  default = 5
}

locals {
  dlq_arn = aws_sqs_queue.dlq.arn
  redrive = {
    deadLetterTargetArn = local.dlq_arn
    maxReceiveCount     = var.max_receive_count
  }
}

resource "aws_sqs_queue" "dlq" {
  name = "jobs-dlq"
}

resource "aws_sqs_queue" "jobs" {
  name           = "jobs"
  redrive_policy = jsonencode(local.redrive)
}

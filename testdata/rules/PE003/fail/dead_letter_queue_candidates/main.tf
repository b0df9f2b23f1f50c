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

# denyAll forbids every source queue: the queue is no dead-letter queue.
resource "aws_sqs_queue" "deny_all" { # expect: PE003 aws_sqs_queue.deny_all
  name                 = "deny-all"
  redrive_allow_policy = jsonencode({ redrivePermission = "denyAll" })
}

resource "aws_sqs_queue" "deny_all_separate" { # expect: PE003 aws_sqs_queue.deny_all_separate
  name = "deny-all-separate"
}

resource "aws_sqs_queue_redrive_allow_policy" "deny_all_separate" {
  queue_url            = aws_sqs_queue.deny_all_separate.id
  redrive_allow_policy = jsonencode({ redrivePermission = "denyAll" })
}

# a redrives to a queue given by a variable without a value: b may be that queue.
variable "dlq_arn" {
  type = string
}

resource "aws_sqs_queue" "a" {
  name = "a"
  redrive_policy = jsonencode({ # expect-unresolved: PE003 aws_sqs_queue.a
    deadLetterTargetArn = var.dlq_arn
    maxReceiveCount     = 3
  })
}

resource "aws_sqs_queue" "b" { # expect-unresolved: PE003 aws_sqs_queue.b
  name = "b"
}

# A redrive policy in the queue and in an aws_sqs_queue_redrive_policy: both must say 3.
resource "aws_sqs_queue" "dlq" {
  name = "dlq"
}

resource "aws_sqs_queue" "inline_five" {
  name = "inline-five"
  redrive_policy = jsonencode({ # expect: PE003 aws_sqs_queue.inline_five
    deadLetterTargetArn = aws_sqs_queue.dlq.arn
    maxReceiveCount     = 5
  })
}

resource "aws_sqs_queue_redrive_policy" "inline_five" {
  queue_url = aws_sqs_queue.inline_five.id
  redrive_policy = jsonencode({
    deadLetterTargetArn = aws_sqs_queue.dlq.arn
    maxReceiveCount     = 3
  })
}

resource "aws_sqs_queue" "separate_five" {
  name = "separate-five"
  redrive_policy = jsonencode({
    deadLetterTargetArn = aws_sqs_queue.dlq.arn
    maxReceiveCount     = 3
  })
}

resource "aws_sqs_queue_redrive_policy" "separate_five" {
  queue_url = aws_sqs_queue.separate_five.id
  redrive_policy = jsonencode({ # expect: PE003 aws_sqs_queue.separate_five
    deadLetterTargetArn = aws_sqs_queue.dlq.arn
    maxReceiveCount     = 5
  })
}

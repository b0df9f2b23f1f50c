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

# The heredoc is wrapped in parentheses only so that the marker comment can sit on the
# attribute's first line (a heredoc opener must be followed by a newline).
resource "aws_sqs_queue" "dlq" {
  name = "jobs-dlq"
}

resource "aws_sqs_queue" "jobs" {
  name = "jobs"
  redrive_policy = ( # expect: PE003 aws_sqs_queue.jobs
    <<-JSON
    {
      "deadLetterTargetArn": "${aws_sqs_queue.dlq.arn}",
      "maxReceiveCount": "5"
    }
    JSON
  )
}

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

# Red team: the redrive policy comes from a templatefile in the tree.
resource "aws_sqs_queue" "templated" {
  name = "templated"
  redrive_policy = templatefile( # expect: PE003 aws_sqs_queue.templated
    "${path.module}/redrive.json.tftpl",
    {
    dlq   = aws_sqs_queue.dlq.arn
    count = 4
  })
}

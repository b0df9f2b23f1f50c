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

# Evasion: maxReceiveCount twice in the redrive JSON. JSON readers (Go's, the provider's and
# SQS's) keep the last one, 10.
resource "aws_sqs_queue" "dlq" {
  name = "dlq"
  redrive_allow_policy = jsonencode({ redrivePermission = "allowAll" })
}

locals {
  redrive = <<-EOT
    {"deadLetterTargetArn": "${aws_sqs_queue.dlq.arn}", "maxReceiveCount": 3, "maxReceiveCount": 10}
  EOT
}

resource "aws_sqs_queue" "q" {
  name           = "q"
  redrive_policy = local.redrive # expect: PE003 aws_sqs_queue.q
}

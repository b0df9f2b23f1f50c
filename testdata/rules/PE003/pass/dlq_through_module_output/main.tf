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

# The DLQ is created in a module; the root queues target it through a module output,
# so module.dlq.aws_sqs_queue.this is a dead-letter queue.
module "dlq" {
  source = "./modules/dlq"
  name   = "shared-dlq"
}

resource "aws_sqs_queue" "work" {
  for_each = toset(["resize", "watermark"])
  name     = each.key
  redrive_policy = jsonencode({
    deadLetterTargetArn = module.dlq.arn
    maxReceiveCount     = 3
  })
}

resource "aws_sqs_queue" "numbered" {
  count = 2
  name  = "shard-${count.index}"
  redrive_policy = jsonencode({
    deadLetterTargetArn = module.dlq.arn
    maxReceiveCount     = 3
  })
}

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

# Red team: a module whose queue count is overridden through a module input default.
module "q" {
  source = "./modules/q"
  dlq    = aws_sqs_queue.dlq.arn
}

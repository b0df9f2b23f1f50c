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

resource "aws_sqs_queue" "jobs" {
  name = "jobs"
  tags = {
    Project    = "photo-editor"
    Env        = "prod"
    Owner      = "platform-team"
    CostCenter = "CC-1042"
  }
}

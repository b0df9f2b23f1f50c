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

  default_tags {
    tags = {
      Project = "photo-editor"
      Env     = "prod"
      Owner   = ""
    }
  }
}

# Owner and CostCenter come from the resource; its non-empty Owner wins over the
# provider's empty one.
resource "aws_sqs_queue" "jobs" {
  name = "jobs"
  tags = {
    Owner      = "platform-team"
    CostCenter = "CC-1042"
  }
}

resource "aws_sns_topic" "alerts" {
  name = "alerts"
  tags = {
    Env        = "staging"
    Owner      = "sre"
    CostCenter = "CC-2000"
  }
}

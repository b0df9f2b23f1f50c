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
      Project    = "photo-editor"
      Env        = "prod"
      Owner      = "platform-team"
      CostCenter = "CC-1042"
    }
  }
}

# The resource's empty CostCenter wins over the provider's value, and "" counts as missing.
resource "aws_sqs_queue" "jobs" {
  name = "jobs"
  tags = { CostCenter = "" } # expect: PE006 aws_sqs_queue.jobs
}

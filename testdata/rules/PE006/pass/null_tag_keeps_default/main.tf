terraform {
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "5.100.0"
    }
  }
}

# A tag set to null is dropped by the provider, so the default tag of the same key stays
# (terraform plan: tags_all keeps CostCenter = "CC-1042").
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

resource "aws_sqs_queue" "q" {
  name = "jobs"
  tags = { CostCenter = null }
}

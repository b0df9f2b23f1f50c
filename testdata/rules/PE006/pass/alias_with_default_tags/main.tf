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

provider "aws" {
  alias  = "west"
  region = "us-west-2"

  default_tags {
    tags = {
      Project    = "photo-editor"
      Env        = "prod"
      Owner      = "platform-team"
      CostCenter = "CC-1042"
    }
  }
}

resource "aws_sqs_queue" "west" {
  provider = aws.west
  name     = "jobs-west"
}

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

provider "aws" {
  alias  = "untagged"
  region = "eu-west-1"
}

# Inherits the tagged default provider: passes.
module "tagged" {
  source = "./modules/queue"
  name   = "tagged"
}

# Gets the untagged alias: module.untagged.aws_sqs_queue.this fails.
module "untagged" {
  source = "./modules/queue"
  name   = "untagged"
  providers = {
    aws = aws.untagged
  }
}

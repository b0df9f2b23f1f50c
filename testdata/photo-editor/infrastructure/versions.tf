terraform {
  required_version = ">= 1.11.0, < 2.0.0"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 5.80"
    }
  }

  # State backend (S3 + DynamoDB lock) is injected by the deployment pipeline per environment.
}

provider "aws" {
  region = var.aws_region

  default_tags {
    tags = local.common_tags
  }
}

# AWS Budgets and billing notifications are delivered in us-east-1.
provider "aws" {
  alias  = "us_east_1"
  region = "us-east-1"
}

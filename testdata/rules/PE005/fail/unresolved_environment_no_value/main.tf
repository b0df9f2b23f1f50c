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

# The environment variable has no default and no tfvars value.
variable "environment" {
  type = string
}

resource "aws_cloudwatch_log_group" "app" {
  name              = "/photo-editor/app"
  retention_in_days = 30 # expect-unresolved: PE005 aws_cloudwatch_log_group.app
}

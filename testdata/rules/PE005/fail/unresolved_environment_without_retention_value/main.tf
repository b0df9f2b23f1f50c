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

# "qa" has no retention value in the settings.
variable "environment" {
  type    = string
  default = "qa"
}

resource "aws_cloudwatch_log_group" "app" {
  name              = "/photo-editor/app"
  retention_in_days = 14 # expect-unresolved: PE005 aws_cloudwatch_log_group.app
}

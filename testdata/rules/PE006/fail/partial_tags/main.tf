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

# Owner and CostCenter are missing; the finding is at the tags attribute.
resource "aws_sns_topic" "billing_alerts" {
  name = "billing-alerts"
  tags = { # expect: PE006 aws_sns_topic.billing_alerts
    Project = "photo-editor"
    Env     = "prod"
  }
}

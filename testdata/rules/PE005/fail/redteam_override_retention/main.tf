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

variable "environment" {
  type    = string
  default = "prod"
}

# main_override.tf sets the retention to 3653: Terraform merges override files last.
resource "aws_cloudwatch_log_group" "g" {
  name              = "/aws/app/photo-editor"
  retention_in_days = 90
}

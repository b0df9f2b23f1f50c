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

# RetentionInDays 90 in prod.
resource "aws_cloudcontrolapi_resource" "app" {
  type_name     = "AWS::Logs::LogGroup"
  desired_state = jsonencode({ LogGroupName = "/app/main", RetentionInDays = 90 })
}

resource "aws_cloudformation_stack" "logs" {
  name = "logs"
  tags = { Project = "photo-editor", Env = "prod", Owner = "platform", CostCenter = "CC-1" }
  template_body = jsonencode({
    Resources = {
      Main = {
        Type       = "AWS::Logs::LogGroup"
        Properties = { RetentionInDays = "90" }
      }
    }
  })
}

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

# Log groups through Cloud Control and CloudFormation: RetentionInDays is the prod 90.
resource "aws_cloudcontrolapi_resource" "never" {
  type_name     = "AWS::Logs::LogGroup"
  desired_state = jsonencode({ LogGroupName = "/app/never" }) # expect: PE005 aws_cloudcontrolapi_resource.never
}

resource "aws_cloudformation_stack" "logs" {
  name = "logs"
  template_body = jsonencode({
    Resources = {
      Short = {
        Type       = "AWS::Logs::LogGroup"
        Properties = { RetentionInDays = 14 } # expect: PE005 aws_cloudformation_stack.logs
      }
    }
  })
}

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

# Functions through Cloud Control and CloudFormation: ReservedConcurrentExecutions >= 0.
variable "reserved" {
  type = number
}

resource "aws_cloudcontrolapi_resource" "none" {
  type_name     = "AWS::Lambda::Function"
  desired_state = jsonencode({ FunctionName = "resize", Runtime = "python3.12" }) # expect: PE004 aws_cloudcontrolapi_resource.none
}

resource "aws_cloudcontrolapi_resource" "unknown" {
  type_name = "AWS::Lambda::Function"
  desired_state = jsonencode({
    FunctionName                 = "thumbs"
    ReservedConcurrentExecutions = var.reserved # expect-unresolved: PE004 aws_cloudcontrolapi_resource.unknown
  })
}

resource "aws_cloudformation_stack" "fns" {
  name = "fns"
  template_body = jsonencode({
    Resources = {
      Negative = {
        Type = "AWS::Lambda::Function"
        Properties = {
          ReservedConcurrentExecutions = -1 # expect: PE004 aws_cloudformation_stack.fns
        }
      }
    }
  })
}

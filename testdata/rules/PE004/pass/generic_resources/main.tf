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

# Reserved concurrency set, as a number and as a string.
resource "aws_cloudcontrolapi_resource" "fn" {
  type_name     = "AWS::Lambda::Function"
  desired_state = jsonencode({ FunctionName = "resize", ReservedConcurrentExecutions = 10 })
}

resource "aws_cloudformation_stack" "fns" {
  name = "fns"
  template_body = jsonencode({
    Resources = {
      Fn = {
        Type       = "AWS::Lambda::Function"
        Properties = { ReservedConcurrentExecutions = "0" }
      }
    }
  })
}

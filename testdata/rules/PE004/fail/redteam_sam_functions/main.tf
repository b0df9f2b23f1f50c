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

# Red team: a SAM function in a CloudFormation stack, with no reservation.
resource "aws_cloudformation_stack" "sam" {
  name         = "sam"
  capabilities = ["CAPABILITY_AUTO_EXPAND", "CAPABILITY_IAM"]
  template_body = ( # expect: PE004 aws_cloudformation_stack.sam
    <<-YAML
    Transform: AWS::Serverless-2016-10-31
    Resources:
      Fn:
        Type: AWS::Serverless::Function
        Properties:
          Handler: index.handler
          Runtime: python3.12
          InlineCode: "def handler(e, c): return {}"
    YAML
  )
}

# SAM Globals set the reservation to -1 for every function.
resource "aws_cloudformation_stack" "sam_globals" {
  name         = "sam-globals"
  capabilities = ["CAPABILITY_AUTO_EXPAND", "CAPABILITY_IAM"]
  template_body = ( # expect: PE004 aws_cloudformation_stack.sam_globals
    <<-YAML
    Transform: AWS::Serverless-2016-10-31
    Globals:
      Function:
        ReservedConcurrentExecutions: -1
    Resources:
      Fn:
        Type: AWS::Serverless::Function
        Properties:
          Handler: index.handler
          Runtime: python3.12
          InlineCode: "def handler(e, c): return {}"
    YAML
  )
}

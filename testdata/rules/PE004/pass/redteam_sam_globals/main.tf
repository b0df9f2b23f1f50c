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

# SAM Globals reserve concurrency for every function; a function may set its own.
resource "aws_cloudformation_stack" "sam" {
  name         = "sam"
  capabilities = ["CAPABILITY_AUTO_EXPAND", "CAPABILITY_IAM"]
  template_body = <<-YAML
    Transform: AWS::Serverless-2016-10-31
    Globals:
      Function:
        ReservedConcurrentExecutions: 10
    Resources:
      Inherits:
        Type: AWS::Serverless::Function
        Properties:
          Handler: index.handler
          Runtime: python3.12
          InlineCode: "def handler(e, c): return {}"
      Overrides:
        Type: AWS::Serverless::Function
        Properties:
          Handler: index.handler
          Runtime: python3.12
          InlineCode: "def handler(e, c): return {}"
          ReservedConcurrentExecutions: 2
    YAML
}

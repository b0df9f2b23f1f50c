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

# Rotation on, an asymmetric key (not applicable), a key whose rotation comes from a
# CloudFormation parameter default is still a function: see the fail case; other types are
# not KMS keys.
resource "aws_cloudcontrolapi_resource" "on" {
  type_name     = "AWS::KMS::Key"
  desired_state = jsonencode({ EnableKeyRotation = true })
}

resource "aws_cloudcontrolapi_resource" "signing" {
  type_name     = "AWS::KMS::Key"
  desired_state = jsonencode({ KeySpec = "ECC_NIST_P256", KeyUsage = "SIGN_VERIFY" })
}

resource "aws_cloudcontrolapi_resource" "topic" {
  type_name     = "AWS::SNS::Topic"
  desired_state = jsonencode({ TopicName = "events" })
}

resource "aws_cloudformation_stack" "keys" {
  name = "keys"
  template_body = jsonencode({
    Resources = {
      Key = {
        Type       = "AWS::KMS::Key"
        Properties = { EnableKeyRotation = true }
      }
      Topic = {
        Type = "AWS::SNS::Topic"
      }
    }
  })
}

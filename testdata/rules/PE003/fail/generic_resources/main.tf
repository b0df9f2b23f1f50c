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

# Queues through Cloud Control and CloudFormation: RedrivePolicy.maxReceiveCount must be 3.
resource "aws_cloudcontrolapi_resource" "five" {
  type_name = "AWS::SQS::Queue"
  desired_state = jsonencode({
    RedrivePolicy = {
      deadLetterTargetArn = "arn:aws:sqs:us-east-1:123456789012:dlq"
      maxReceiveCount     = 5 # expect: PE003 aws_cloudcontrolapi_resource.five
    }
  })
}

resource "aws_cloudcontrolapi_resource" "none" {
  type_name     = "AWS::SQS::Queue"
  desired_state = jsonencode({ QueueName = "orders" }) # expect: PE003 aws_cloudcontrolapi_resource.none
}

resource "aws_cloudformation_stack" "queues" {
  name = "queues"
  template_body = jsonencode({
    Resources = {
      Orders = {
        Type = "AWS::SQS::Queue"
        Properties = {
          RedrivePolicy = {
            deadLetterTargetArn = { "Fn::GetAtt" = ["OrdersDlq", "Arn"] }
            maxReceiveCount     = "10" # expect: PE003 aws_cloudformation_stack.queues
          }
        }
      }
      OrdersDlq = {
        Type = "AWS::SQS::Queue"
      }
      Lonely = {
        Type       = "AWS::SQS::Queue"
        Properties = { QueueName = "lonely" } # expect: PE003 aws_cloudformation_stack.queues
      }
    }
  })
}

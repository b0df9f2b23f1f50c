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

# maxReceiveCount 3 (number or string, object or JSON text); a DLQ of the template is not
# applicable, nor is a queue that allows redrive to it.
resource "aws_cloudcontrolapi_resource" "three" {
  type_name = "AWS::SQS::Queue"
  desired_state = jsonencode({
    RedrivePolicy = jsonencode({
      deadLetterTargetArn = "arn:aws:sqs:us-east-1:123456789012:dlq"
      maxReceiveCount     = 3
    })
  })
}

resource "aws_cloudcontrolapi_resource" "dlq" {
  type_name     = "AWS::SQS::Queue"
  desired_state = jsonencode({ RedriveAllowPolicy = { redrivePermission = "allowAll" } })
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
            maxReceiveCount     = "3"
          }
        }
      }
      OrdersDlq = {
        Type = "AWS::SQS::Queue"
      }
    }
  })
}

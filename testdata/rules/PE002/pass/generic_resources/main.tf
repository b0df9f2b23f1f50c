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

# All four settings on, in Cloud Control and in a CloudFormation template.
resource "aws_cloudcontrolapi_resource" "bucket" {
  type_name = "AWS::S3::Bucket"
  desired_state = jsonencode({
    PublicAccessBlockConfiguration = {
      BlockPublicAcls       = true
      BlockPublicPolicy     = true
      IgnorePublicAcls      = true
      RestrictPublicBuckets = true
    }
  })
}

resource "aws_cloudformation_stack" "buckets" {
  name = "buckets"
  template_body = jsonencode({
    Resources = {
      Bucket = {
        Type = "AWS::S3::Bucket"
        Properties = {
          PublicAccessBlockConfiguration = {
            BlockPublicAcls       = "true"
            BlockPublicPolicy     = "true"
            IgnorePublicAcls      = "true"
            RestrictPublicBuckets = "true"
          }
        }
      }
    }
  })
}

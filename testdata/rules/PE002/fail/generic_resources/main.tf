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

# Buckets through Cloud Control and CloudFormation: PublicAccessBlockConfiguration must turn
# all four settings on.
variable "restrict" {
  type = bool
}

resource "aws_cloudcontrolapi_resource" "no_config" {
  type_name     = "AWS::S3::Bucket"
  desired_state = jsonencode({ BucketName = "photo-editor-cc" }) # expect: PE002 aws_cloudcontrolapi_resource.no_config
}

resource "aws_cloudcontrolapi_resource" "one_off" {
  type_name = "AWS::S3::Bucket"
  desired_state = jsonencode({
    PublicAccessBlockConfiguration = {
      BlockPublicAcls       = true
      BlockPublicPolicy     = false # expect: PE002 aws_cloudcontrolapi_resource.one_off
      IgnorePublicAcls      = true
      RestrictPublicBuckets = true
    }
  })
}

resource "aws_cloudcontrolapi_resource" "unknown_flag" {
  type_name = "AWS::S3::Bucket"
  desired_state = jsonencode({
    PublicAccessBlockConfiguration = {
      BlockPublicAcls       = true
      BlockPublicPolicy     = true
      IgnorePublicAcls      = true
      RestrictPublicBuckets = var.restrict # expect-unresolved: PE002 aws_cloudcontrolapi_resource.unknown_flag
    }
  })
}

resource "aws_cloudformation_stack" "buckets" {
  name = "buckets"
  template_body = jsonencode({
    Parameters = { Restrict = { Type = "String", Default = "true" } }
    Resources = {
      Missing = {
        Type = "AWS::S3::Bucket"
        Properties = {
          PublicAccessBlockConfiguration = { # expect: PE002 aws_cloudformation_stack.buckets
            BlockPublicAcls   = true
            BlockPublicPolicy = true
            IgnorePublicAcls  = true
          }
        }
      }
      FromParameter = {
        Type = "AWS::S3::Bucket"
        Properties = {
          PublicAccessBlockConfiguration = {
            BlockPublicAcls       = true
            BlockPublicPolicy     = true
            IgnorePublicAcls      = true
            RestrictPublicBuckets = { Ref = "Restrict" } # expect-unresolved: PE002 aws_cloudformation_stack.buckets
          }
        }
      }
    }
  })
}

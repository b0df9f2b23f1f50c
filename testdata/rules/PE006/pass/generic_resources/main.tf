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

# All four tags in Tags; an IAM policy takes no tags.
resource "aws_cloudcontrolapi_resource" "tagged" {
  type_name = "AWS::KMS::Key"
  desired_state = jsonencode({
    EnableKeyRotation = true
    Tags = [
      { Key = "Project", Value = "photo-editor" },
      { Key = "Env", Value = "prod" },
      { Key = "Owner", Value = "platform" },
      { Key = "CostCenter", Value = "CC-1042" },
    ]
  })
}

resource "aws_cloudcontrolapi_resource" "policy" {
  type_name = "AWS::IAM::ManagedPolicy"
  desired_state = jsonencode({
    PolicyDocument = { Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "s3:GetObject", Resource = "arn:aws:s3:::photo-editor-uploads/*" }] }
  })
}

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

# Concrete actions and resources; the trust policy is not checked.
resource "aws_cloudcontrolapi_resource" "read" {
  type_name = "AWS::IAM::Policy"
  desired_state = jsonencode({
    PolicyName = "read"
    PolicyDocument = {
      Statement = [{ Effect = "Allow", Action = ["s3:GetObject"], Resource = ["arn:aws:s3:::photo-editor-uploads/*"] }]
    }
  })
}

resource "aws_cloudformation_stack" "roles" {
  name = "roles"
  tags = { Project = "photo-editor", Env = "prod", Owner = "platform", CostCenter = "CC-1" }
  template_body = jsonencode({
    Resources = {
      Role = {
        Type = "AWS::IAM::Role"
        Properties = {
          AssumeRolePolicyDocument = { Statement = [{ Effect = "Allow", Principal = { AWS = "*" }, Action = "sts:AssumeRole" }] }
        }
      }
    }
  })
}

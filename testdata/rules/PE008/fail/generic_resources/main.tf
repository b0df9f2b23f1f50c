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

# IAM policies through Cloud Control and CloudFormation: identity policies are checked; a
# role trust policy is not one.
resource "aws_cloudcontrolapi_resource" "admin" {
  type_name = "AWS::IAM::ManagedPolicy"
  desired_state = jsonencode({
    PolicyDocument = {
      Version   = "2012-10-17"
      Statement = [{ Effect = "Allow", Action = "*", Resource = "*" }] # expect: PE008 aws_cloudcontrolapi_resource.admin
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
          AssumeRolePolicyDocument = { Statement = [{ Effect = "Allow", Principal = { Service = "lambda.amazonaws.com" }, Action = "sts:AssumeRole" }] }
          Policies = [{
            PolicyName     = "all-s3"
            PolicyDocument = { Statement = [{ Effect = "Allow", Action = "s3:*", Resource = "arn:aws:s3:::photo-editor-uploads/*" }] } # expect: PE008 aws_cloudformation_stack.roles
          }]
        }
      }
    }
  })
}

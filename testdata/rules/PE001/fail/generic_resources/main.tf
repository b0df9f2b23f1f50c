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

# Keys created through Cloud Control and CloudFormation are checked on EnableKeyRotation;
# what cannot be read is not checked (unresolved), never a pass. A YAML template is read too.
variable "key_state" {
  type = string
}

variable "type_name" {
  type = string
}

resource "aws_cloudcontrolapi_resource" "off" {
  type_name = "AWS::KMS::Key"
  desired_state = jsonencode({
    Description       = "uploads"
    EnableKeyRotation = false # expect: PE001 aws_cloudcontrolapi_resource.off
  })
}

resource "aws_cloudcontrolapi_resource" "missing" {
  type_name     = "AWS::KMS::Key"
  desired_state = jsonencode({ Description = "uploads" }) # expect: PE001 aws_cloudcontrolapi_resource.missing
}

resource "aws_cloudcontrolapi_resource" "unknown_state" {
  type_name     = "AWS::KMS::Key"
  desired_state = var.key_state # expect-unresolved: PE001 aws_cloudcontrolapi_resource.unknown_state
}

resource "aws_cloudcontrolapi_resource" "unknown_type" {
  type_name     = var.type_name # expect-unresolved: PE001 aws_cloudcontrolapi_resource.unknown_type
  desired_state = jsonencode({ EnableKeyRotation = true })
}

resource "aws_cloudformation_stack" "json" {
  name = "keys"
  template_body = jsonencode({
    Resources = {
      Key = {
        Type = "AWS::KMS::Key"
        Properties = {
          EnableKeyRotation = "false" # expect: PE001 aws_cloudformation_stack.json
        }
      }
    }
  })
}

locals {
  yaml_template = <<-EOT
    Resources:
      Key:
        Type: AWS::KMS::Key
  EOT
}

resource "aws_cloudformation_stack" "yaml" {
  name          = "keys-yaml"
  template_body = local.yaml_template # expect: PE001 aws_cloudformation_stack.yaml
}

resource "aws_cloudformation_stack" "url" {
  name         = "keys-url"
  template_url = "https://example-bucket.s3.amazonaws.com/keys.json" # expect-unresolved: PE001 aws_cloudformation_stack.url
}

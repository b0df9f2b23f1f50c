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

# Cloud Control resources get no default_tags: their Tags must hold the cost tags.
resource "aws_cloudcontrolapi_resource" "partial" {
  type_name = "AWS::SQS::Queue"
  desired_state = jsonencode({
    RedriveAllowPolicy = { redrivePermission = "allowAll" }
    Tags = [ # expect: PE006 aws_cloudcontrolapi_resource.partial
      { Key = "Project", Value = "photo-editor" },
      { Key = "Env", Value = "prod" },
    ]
  })
}

resource "aws_cloudcontrolapi_resource" "untagged" {
  type_name     = "AWS::Logs::LogGroup"
  desired_state = jsonencode({ RetentionInDays = 90 }) # expect: PE006 aws_cloudcontrolapi_resource.untagged
}

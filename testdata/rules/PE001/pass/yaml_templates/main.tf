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

# Keys in YAML templates with rotation on, inline, from a file in the tree and from yamlencode;
# a short-form tag elsewhere in the template does not hide the known value.
resource "aws_cloudformation_stack" "inline" {
  name          = "keys-inline"
  template_body = <<-YAML
    Parameters:
      Alias:
        Type: String
    Resources:
      Key:
        Type: AWS::KMS::Key
        Properties:
          Description: !Sub "key for $${Alias}"
          EnableKeyRotation: true
    YAML
}

resource "aws_cloudformation_stack" "from_file" {
  name          = "keys-file"
  template_body = file("${path.module}/keys.yaml")
}

resource "aws_cloudformation_stack" "encoded" {
  name = "keys-encoded"
  template_body = yamlencode({
    Resources = {
      Key = {
        Type       = "AWS::KMS::Key"
        Properties = { EnableKeyRotation = true }
      }
    }
  })
}

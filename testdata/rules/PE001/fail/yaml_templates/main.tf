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

# YAML CloudFormation templates are read as CloudFormation reads them: written inline, read
# with file() from the tree, or built with yamlencode. A short-form tag (!Ref, !If) is an
# intrinsic function whose value only the stack knows: unresolved, never a pass.
resource "aws_cloudformation_stack" "inline" {
  name          = "keys-inline"
  template_body = ( # expect: PE001 aws_cloudformation_stack.inline
    <<-YAML
    Resources:
      Key:
        Type: AWS::KMS::Key
        Properties:
          EnableKeyRotation: false
    YAML
  )
}

resource "aws_cloudformation_stack" "from_file" {
  name          = "keys-file"
  template_body = file("${path.module}/keys.yaml") # expect: PE001 aws_cloudformation_stack.from_file
}

resource "aws_cloudformation_stack" "encoded" {
  name = "keys-encoded"
  template_body = yamlencode({ # expect: PE001 aws_cloudformation_stack.encoded
    Resources = {
      Key = {
        Type       = "AWS::KMS::Key"
        Properties = { EnableKeyRotation = "false" }
      }
    }
  })
}

resource "aws_cloudformation_stack" "short_form_tags" {
  name          = "keys-tags"
  template_body = ( # expect-unresolved: PE001 aws_cloudformation_stack.short_form_tags
    <<-YAML
    Parameters:
      Rotate:
        Type: String
    Conditions:
      IsProd: !Equals [!Ref Rotate, "true"]
    Resources:
      ByRef:
        Type: AWS::KMS::Key
        Properties:
          EnableKeyRotation: !Ref Rotate
      ByIf:
        Type: AWS::KMS::Key
        Properties:
          EnableKeyRotation: !If [IsProd, true, false]
    YAML
  )
}

# The provider rejects a literal template that is neither JSON nor YAML; a variable's is
# checked only at apply. pe-lint cannot read it: not checked.
variable "broken_template" {
  type    = string
  default = "Resources: [unclosed"
}

resource "aws_cloudformation_stack" "not_yaml" {
  name          = "keys-broken"
  template_body = var.broken_template # expect-unresolved: PE001 aws_cloudformation_stack.not_yaml
}

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

# An explicit SYMMETRIC_DEFAULT spec is checked.
resource "aws_kms_key" "explicit" { # expect: PE001 aws_kms_key.explicit
  description              = "Explicit SYMMETRIC_DEFAULT without rotation"
  customer_master_key_spec = "SYMMETRIC_DEFAULT"
}

# Only customer_master_key_spec decides applicability: key_usage does not.
# No spec means SYMMETRIC_DEFAULT, so this key is checked.
resource "aws_kms_key" "usage_only" { # expect: PE001 aws_kms_key.usage_only
  description = "key_usage SIGN_VERIFY without a spec"
  key_usage   = "SIGN_VERIFY"
}

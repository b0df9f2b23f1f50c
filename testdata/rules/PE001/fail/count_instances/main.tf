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

resource "aws_kms_key" "k" { # expect: PE001 aws_kms_key.k[0] # expect: PE001 aws_kms_key.k[1]
  count       = 2
  description = "key ${count.index}"
}

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

# policy.json is scoped; replace() turns its action into "s3:*" before it is attached.
resource "aws_iam_policy" "p" {
  name   = "replaced"
  policy = replace(file("${path.module}/policy.json"), "s3:GetObject", "s3:*") # expect: PE008 aws_iam_policy.p
}

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

resource "aws_iam_policy" "tables" {
  name   = "tables"
  policy = templatefile("${path.module}/policy.json.tftpl", { table = "orders" }) # expect: PE008 aws_iam_policy.tables
}

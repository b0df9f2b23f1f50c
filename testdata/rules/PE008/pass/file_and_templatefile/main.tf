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

resource "aws_s3_bucket" "b" {
  bucket = "photo-editor-final"
}

resource "aws_iam_policy" "from_file" {
  name   = "from-file"
  policy = file("${path.module}/policy.json")
}

resource "aws_iam_role_policy" "from_template" {
  name = "from-template"
  role = "existing-role"
  policy = templatefile("${path.module}/policy.json.tftpl", {
    bucket_arn = aws_s3_bucket.b.arn
    table_name = "jobs"
  })
}

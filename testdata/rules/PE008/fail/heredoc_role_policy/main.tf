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

# The heredoc is wrapped in parentheses only so that the marker comment can sit on the
# attribute's first line (a heredoc opener must be followed by a newline).
resource "aws_s3_bucket" "b" {
  bucket = "photo-editor-uploads"
}

resource "aws_iam_role_policy" "reader" {
  name = "reader"
  role = "existing-role"
  policy = ( # expect: PE008 aws_iam_role_policy.reader
    <<-JSON
    {
      "Version": "2012-10-17",
      "Statement": [
        {
          "Effect": "Allow",
          "Action": ["s3:Get*"],
          "Resource": "${aws_s3_bucket.b.arn}/*"
        }
      ]
    }
    JSON
  )
}

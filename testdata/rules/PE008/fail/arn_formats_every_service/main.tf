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

# A "*" in place of a whole resource name is a wildcard whatever the resource type: judged by
# the ARN formats of the AWS Service Authorization Reference (data/iam-arn-formats.txt).

resource "aws_iam_policy" "stack" {
  name = "stack"
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "cloudformation:CreateChangeSet", Resource = "arn:aws:cloudformation:us-east-1:123456789012:stack/*" }] # expect: PE008 aws_iam_policy.stack
  })
}

resource "aws_iam_policy" "profile" {
  name = "profile"
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "iam:GetInstanceProfile", Resource = "arn:aws:iam::123456789012:instance-profile/*" }] # expect: PE008 aws_iam_policy.profile
  })
}

resource "aws_iam_policy" "efs" {
  name = "efs"
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "elasticfilesystem:ClientMount", Resource = "arn:aws:elasticfilesystem:us-east-1:123456789012:file-system/*" }] # expect: PE008 aws_iam_policy.efs
  })
}

resource "aws_iam_policy" "keypair" {
  name = "keypair"
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "ec2:DeleteKeyPair", Resource = "arn:aws:ec2:us-east-1:123456789012:key-pair/*" }] # expect: PE008 aws_iam_policy.keypair
  })
}

resource "aws_iam_policy" "hook" {
  name = "hook"
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "cloudformation:DescribeType", Resource = "arn:aws:cloudformation:us-east-1:123456789012:type/hook/*" }] # expect: PE008 aws_iam_policy.hook
  })
}

resource "aws_iam_policy" "named_stack" {
  name = "named_stack"
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "cloudformation:CreateChangeSet", Resource = "arn:aws:cloudformation:us-east-1:123456789012:stack/photo-editor/*" }]
  })
}

resource "aws_iam_policy" "object" {
  name = "object"
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "s3:GetObject", Resource = "arn:aws:s3:::photo-editor-uploads/*" }]
  })
}

resource "aws_iam_policy" "log_stream" {
  name = "log_stream"
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "logs:PutLogEvents", Resource = "arn:aws:logs:us-east-1:123456789012:log-group:/aws/lambda/app:*" }]
  })
}

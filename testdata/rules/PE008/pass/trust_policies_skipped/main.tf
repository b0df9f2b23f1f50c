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

# Trust policies are not permission policies: a wildcard principal (or action) in them is
# not PE008's business, including a policy document used only as a trust policy.
resource "aws_iam_role" "open" {
  name = "open"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Action    = "sts:AssumeRole"
      Principal = { AWS = "*" }
    }]
  })
}

data "aws_iam_policy_document" "trust" {
  statement {
    actions = ["sts:*"]

    principals {
      type        = "AWS"
      identifiers = ["*"]
    }
  }
}

resource "aws_iam_role" "from_document" {
  name               = "from-document"
  assume_role_policy = data.aws_iam_policy_document.trust.json
}

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

# Only ARN attributes are concrete ARNs: any other attribute could hold "*".
resource "terraform_data" "x" {
  input = "*"
}

resource "aws_sqs_queue" "q" {
  name = "jobs"
}

resource "aws_iam_policy" "output" {
  name = "output"
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "sqs:SendMessage", Resource = terraform_data.x.output }] # expect-unresolved: PE008 aws_iam_policy.output
  })
}

data "aws_iam_policy_document" "url" {
  statement {
    actions   = ["sqs:SendMessage"]
    resources = [aws_sqs_queue.q.url] # expect-unresolved: PE008 data.aws_iam_policy_document.url
  }
}

resource "aws_iam_policy" "url" {
  name   = "url"
  policy = data.aws_iam_policy_document.url.json
}

# An ARN attribute still counts as concrete.
resource "aws_iam_policy" "arn" {
  name = "arn"
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "sqs:SendMessage", Resource = aws_sqs_queue.q.arn }]
  })
}

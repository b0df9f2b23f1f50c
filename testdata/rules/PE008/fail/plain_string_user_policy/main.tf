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

resource "aws_sqs_queue" "jobs" {
  name = "jobs"
}

# Plain JSON string with an interpolated (scoped) queue ARN, and an unscoped bucket ARN.
resource "aws_iam_user_policy" "ci" {
  name   = "ci"
  user   = "ci-user"
  policy = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":[\"sqs:SendMessage\",\"s3:PutObject\"],\"Resource\":[\"${aws_sqs_queue.jobs.arn}\",\"arn:aws:s3:::*\"]}]}" # expect: PE008 aws_iam_user_policy.ci
}

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

resource "aws_iam_role" "app" {
  name = "app"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { Service = "lambda.amazonaws.com" } }]
  })

  inline_policy {
    name = "read"
    policy = jsonencode({
      Version   = "2012-10-17"
      Statement = [{ Effect = "Allow", Action = ["s3:GetObject"], Resource = "arn:aws:s3:::photo-editor-uploads/*" }]
    })
  }
}

resource "aws_sqs_queue" "jobs" {
  name = "jobs"
}

resource "aws_iam_user_policy" "ci" {
  name   = "ci"
  user   = "ci-user"
  policy = <<-JSON
    {
      "Version": "2012-10-17",
      "Statement": [
        {
          "Effect": "Allow",
          "Action": ["sqs:SendMessage"],
          "Resource": "${aws_sqs_queue.jobs.arn}"
        }
      ]
    }
  JSON
}

resource "aws_iam_group_policy" "ops" {
  name   = "ops"
  group  = "ops"
  policy = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"sqs:GetQueueAttributes\",\"Resource\":\"${aws_sqs_queue.jobs.arn}\"}]}"
}

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

resource "aws_sns_topic" "alerts" {
  name = "alerts"
}

# deadLetterTargetArn names an SNS topic, not a queue.
resource "aws_sqs_queue" "topic_target" {
  name           = "topic-target"
  redrive_policy = jsonencode({ deadLetterTargetArn = aws_sns_topic.alerts.arn, maxReceiveCount = 3 }) # expect: PE003 aws_sqs_queue.topic_target
}

# deadLetterTargetArn is missing.
resource "aws_sqs_queue" "no_target" {
  name           = "no-target"
  redrive_policy = jsonencode({ maxReceiveCount = 3 }) # expect: PE003 aws_sqs_queue.no_target
}

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

# Known problem (rules/PE003 known_problems), kept as the current verdict, confirmed
# with an offline plan: a queue named as a Lambda's dead-letter target by a literal ARN is claimed a DLQ
# but is also consumed by an event source mapping (a work queue).
resource "aws_sqs_queue" "work_and_dlq" {
  name = "work-and-dlq"
}

resource "aws_lambda_function" "fn" {
  function_name = "fn"
  role          = "arn:aws:iam::123456789012:role/lambda"
  filename      = "fn.zip"
  handler       = "index.handler"
  runtime       = "nodejs20.x"

  dead_letter_config {
    target_arn = aws_sqs_queue.work_and_dlq.arn
  }
}

resource "aws_lambda_event_source_mapping" "work" {
  event_source_arn = aws_sqs_queue.work_and_dlq.arn
  function_name    = aws_lambda_function.fn.arn
}

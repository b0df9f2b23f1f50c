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

# Queues that are the dead-letter target of a Lambda function, an asynchronous invoke
# config, an event source mapping, an SNS subscription, an EventBridge target and an
# EventBridge Scheduler schedule are dead-letter queues, not queues missing one.
resource "aws_sqs_queue" "lambda_dlq" {
  name = "lambda-dlq"
}

resource "aws_sqs_queue" "invoke_dlq" {
  name = "invoke-dlq"
}

resource "aws_sqs_queue" "esm_dlq" {
  name = "esm-dlq"
}

resource "aws_sqs_queue" "sns_dlq" {
  name = "sns-dlq"
}

resource "aws_sqs_queue" "events_dlq" {
  name = "events-dlq"
}

resource "aws_sqs_queue" "schedule_dlq" {
  name = "schedule-dlq"
}

resource "aws_iam_role" "fn" {
  name = "fn"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { Service = "lambda.amazonaws.com" } }]
  })
}

resource "aws_lambda_function" "fn" {
  function_name = "fn"
  role          = aws_iam_role.fn.arn
  runtime       = "python3.12"
  handler       = "index.handler"
  filename      = "fn.zip"

  dead_letter_config {
    target_arn = aws_sqs_queue.lambda_dlq.arn
  }
}

resource "aws_lambda_function_event_invoke_config" "fn" {
  function_name = aws_lambda_function.fn.function_name
  destination_config {
    on_failure {
      destination = aws_sqs_queue.invoke_dlq.arn
    }
  }
}

resource "aws_kinesis_stream" "s" {
  name        = "s"
  shard_count = 1
}

resource "aws_lambda_event_source_mapping" "fn" {
  function_name     = aws_lambda_function.fn.arn
  event_source_arn  = aws_kinesis_stream.s.arn
  starting_position = "LATEST"
  destination_config {
    on_failure {
      destination_arn = aws_sqs_queue.esm_dlq.arn
    }
  }
}

resource "aws_sns_topic" "t" {
  name = "t"
}

resource "aws_sns_topic_subscription" "s" {
  topic_arn      = aws_sns_topic.t.arn
  protocol       = "lambda"
  endpoint       = aws_lambda_function.fn.arn
  redrive_policy = jsonencode({ deadLetterTargetArn = aws_sqs_queue.sns_dlq.arn })
}

resource "aws_cloudwatch_event_rule" "r" {
  name                = "r"
  schedule_expression = "rate(1 hour)"
}

resource "aws_cloudwatch_event_target" "t" {
  rule = aws_cloudwatch_event_rule.r.name
  arn  = aws_lambda_function.fn.arn
  dead_letter_config {
    arn = aws_sqs_queue.events_dlq.arn
  }
}

resource "aws_scheduler_schedule" "s" {
  name                = "s"
  schedule_expression = "rate(1 hour)"
  flexible_time_window {
    mode = "OFF"
  }
  target {
    arn      = aws_lambda_function.fn.arn
    role_arn = aws_iam_role.fn.arn
    dead_letter_config {
      arn = aws_sqs_queue.schedule_dlq.arn
    }
  }
}

# redrive_allow_policy allowAll: any queue may redrive here.
resource "aws_sqs_queue" "open_dlq" {
  name                 = "open-dlq"
  redrive_allow_policy = jsonencode({ redrivePermission = "allowAll" })
}

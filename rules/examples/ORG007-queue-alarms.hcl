# Stuck work is noticed: messages in a dead-letter queue and old messages in a queue alarm.
rule "ORG007" {
  name        = "queue-alarms"
  severity    = "error"
  summary     = "Dead-letter queues alarm on any message; other queues alarm when a message is older than 10 minutes"
  requirement = "Every DLQ has a CloudWatch alarm on depth > 0 and every other queue one on message age > 600 s"
  description = <<-EOT
    A queue is a dead-letter queue when the `redrive_policy` of another `aws_sqs_queue` or of an
    `aws_sqs_queue_redrive_policy` refers to it. Every dead-letter queue needs an
    `aws_cloudwatch_metric_alarm` on `AWS/SQS` `ApproximateNumberOfMessagesVisible` for that
    queue (dimension `QueueName`) with `comparison_operator = "GreaterThanThreshold"` and
    `threshold = 0`. Every other queue needs one on `ApproximateAgeOfOldestMessage` with
    `GreaterThanThreshold` and a threshold of at most 600 seconds.
  EOT
  remediation = <<-EOT
    Add the alarm, with `dimensions = { QueueName = aws_sqs_queue.<queue>.name }` and an
    `alarm_actions` topic that someone reads.
  EOT

  # Dead-letter queues: depth > 0.
  check "aws_sqs_queue" {
    where = anytrue(concat(
      [for q in resources("aws_sqs_queue") : refers_to(q.redrive_policy, address)],
      [for p in resources("aws_sqs_queue_redrive_policy") : refers_to(p.redrive_policy, address)],
    ))
    assert = anytrue([
      for a in resources("aws_cloudwatch_metric_alarm") :
      a.namespace == "AWS/SQS" && a.metric_name == "ApproximateNumberOfMessagesVisible" &&
      try(a.dimensions.QueueName, null) == self.name &&
      a.comparison_operator == "GreaterThanThreshold" && a.threshold == 0
    ])
    message = "dead-letter queue ${self.name} has no alarm on ApproximateNumberOfMessagesVisible > 0"
    fix     = "add an aws_cloudwatch_metric_alarm on AWS/SQS ApproximateNumberOfMessagesVisible for this queue with threshold 0 and GreaterThanThreshold"
  }

  # Other queues: oldest message older than 10 minutes.
  check "aws_sqs_queue" {
    where = !anytrue(concat(
      [for q in resources("aws_sqs_queue") : refers_to(q.redrive_policy, address)],
      [for p in resources("aws_sqs_queue_redrive_policy") : refers_to(p.redrive_policy, address)],
    ))
    assert = anytrue([
      for a in resources("aws_cloudwatch_metric_alarm") :
      a.namespace == "AWS/SQS" && a.metric_name == "ApproximateAgeOfOldestMessage" &&
      try(a.dimensions.QueueName, null) == self.name &&
      a.comparison_operator == "GreaterThanThreshold" && try(a.threshold <= 600, false)
    ])
    message = "queue ${self.name} has no alarm on ApproximateAgeOfOldestMessage > 600 seconds"
    fix     = "add an aws_cloudwatch_metric_alarm on AWS/SQS ApproximateAgeOfOldestMessage for this queue with threshold 600 and GreaterThanThreshold"
  }

  example "pass" {
    code = <<-EOT
      resource "aws_sqs_queue" "dlq" {
        name = "jobs-dlq"
      }

      resource "aws_sqs_queue" "jobs" {
        name = "jobs"
        redrive_policy = jsonencode({
          deadLetterTargetArn = aws_sqs_queue.dlq.arn
          maxReceiveCount     = 3
        })
      }

      resource "aws_cloudwatch_metric_alarm" "dlq" {
        alarm_name          = "jobs-dlq-messages"
        namespace           = "AWS/SQS"
        metric_name         = "ApproximateNumberOfMessagesVisible"
        dimensions          = { QueueName = aws_sqs_queue.dlq.name }
        statistic           = "Maximum"
        period              = 60
        evaluation_periods  = 1
        threshold           = 0
        comparison_operator = "GreaterThanThreshold"
      }

      resource "aws_cloudwatch_metric_alarm" "age" {
        alarm_name          = "jobs-oldest-message-age"
        namespace           = "AWS/SQS"
        metric_name         = "ApproximateAgeOfOldestMessage"
        dimensions          = { QueueName = aws_sqs_queue.jobs.name }
        statistic           = "Maximum"
        period              = 300
        evaluation_periods  = 1
        threshold           = 600
        comparison_operator = "GreaterThanThreshold"
      }
    EOT
  }

  example "fail" {
    code = <<-EOT
      resource "aws_sqs_queue" "dlq" {
        name = "jobs-dlq"
      }

      resource "aws_sqs_queue" "jobs" {
        name = "jobs"
        redrive_policy = jsonencode({
          deadLetterTargetArn = aws_sqs_queue.dlq.arn
          maxReceiveCount     = 3
        })
      }

      # Alarms only after an hour, and nothing watches the dead-letter queue.
      resource "aws_cloudwatch_metric_alarm" "age" {
        alarm_name          = "jobs-oldest-message-age"
        namespace           = "AWS/SQS"
        metric_name         = "ApproximateAgeOfOldestMessage"
        dimensions          = { QueueName = aws_sqs_queue.jobs.name }
        statistic           = "Maximum"
        period              = 300
        evaluation_periods  = 1
        threshold           = 3600
        comparison_operator = "GreaterThanThreshold"
      }
    EOT
  }
}

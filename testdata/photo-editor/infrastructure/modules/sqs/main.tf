# Image processing queue and its dead-letter queue (3 receives, then DLQ).
resource "aws_sqs_queue" "dlq" {
  name                              = "${var.name_prefix}-processing-dlq"
  message_retention_seconds         = 1209600
  kms_master_key_id                 = var.kms_key_arn
  kms_data_key_reuse_period_seconds = 300
}

resource "aws_sqs_queue" "main" {
  name                              = "${var.name_prefix}-processing"
  visibility_timeout_seconds        = var.visibility_timeout_seconds
  message_retention_seconds         = 345600
  receive_wait_time_seconds         = 20
  kms_master_key_id                 = var.kms_key_arn
  kms_data_key_reuse_period_seconds = 300

  redrive_policy = jsonencode({
    deadLetterTargetArn = aws_sqs_queue.dlq.arn
    maxReceiveCount     = var.max_receive_count
  })
}

# Thumbnail generation queue, fed by the worker after each processed image.
resource "aws_sqs_queue" "thumbnail_dlq" {
  name                              = "${var.name_prefix}-thumbnail-dlq"
  message_retention_seconds         = 1209600
  kms_master_key_id                 = var.kms_key_arn
  kms_data_key_reuse_period_seconds = 300
}

resource "aws_sqs_queue" "thumbnail" {
  name                              = "${var.name_prefix}-thumbnail"
  visibility_timeout_seconds        = var.visibility_timeout_seconds
  message_retention_seconds         = 86400
  receive_wait_time_seconds         = 20
  kms_master_key_id                 = var.kms_key_arn
  kms_data_key_reuse_period_seconds = 300

  # Thumbnails are cheap to retry.
  redrive_policy = jsonencode({ deadLetterTargetArn = aws_sqs_queue.thumbnail_dlq.arn, maxReceiveCount = 5 })
}

# S3 event notifications from the temp bucket.
resource "aws_sqs_queue_policy" "main" {
  queue_url = aws_sqs_queue.main.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid       = "AllowTempBucketNotifications"
      Effect    = "Allow"
      Principal = { Service = "s3.amazonaws.com" }
      Action    = "sqs:SendMessage"
      Resource  = aws_sqs_queue.main.arn
      Condition = { ArnEquals = { "aws:SourceArn" = var.source_bucket_arn } }
    }]
  })
}

locals {
  source_queues = {
    processing = aws_sqs_queue.main.name
    thumbnail  = aws_sqs_queue.thumbnail.name
  }
  dead_letter_queues = {
    processing = aws_sqs_queue.dlq.name
    thumbnail  = aws_sqs_queue.thumbnail_dlq.name
  }
}

resource "aws_cloudwatch_metric_alarm" "queue_age" {
  for_each = local.source_queues

  alarm_name          = "${each.value}-oldest-message-age"
  alarm_description   = "Oldest message in ${each.value} is older than 10 minutes"
  namespace           = "AWS/SQS"
  metric_name         = "ApproximateAgeOfOldestMessage"
  dimensions          = { QueueName = each.value }
  statistic           = "Maximum"
  period              = 300
  evaluation_periods  = 1
  threshold           = 600
  comparison_operator = "GreaterThanThreshold"
  treat_missing_data  = "notBreaching"
  alarm_actions       = [var.alarm_topic_arn]
  ok_actions          = [var.alarm_topic_arn]
}

resource "aws_cloudwatch_metric_alarm" "dlq_messages" {
  for_each = local.dead_letter_queues

  alarm_name          = "${each.value}-messages"
  alarm_description   = "Messages arrived in dead-letter queue ${each.value}"
  namespace           = "AWS/SQS"
  metric_name         = "ApproximateNumberOfMessagesVisible"
  dimensions          = { QueueName = each.value }
  statistic           = "Maximum"
  period              = 60
  evaluation_periods  = 1
  threshold           = 0
  comparison_operator = "GreaterThanThreshold"
  treat_missing_data  = "notBreaching"
  alarm_actions       = [var.alarm_topic_arn]
  ok_actions          = [var.alarm_topic_arn]
}

resource "aws_cloudwatch_metric_alarm" "queue_depth" {
  alarm_name          = "${aws_sqs_queue.main.name}-depth"
  alarm_description   = "More than 100 images waiting for processing"
  namespace           = "AWS/SQS"
  metric_name         = "ApproximateNumberOfMessagesVisible"
  dimensions          = { QueueName = aws_sqs_queue.main.name }
  statistic           = "Average"
  period              = 300
  evaluation_periods  = 3
  threshold           = 100
  comparison_operator = "GreaterThanThreshold"
  treat_missing_data  = "notBreaching"
  alarm_actions       = [var.alarm_topic_arn]
}

# Job completion notifications (consumed by the frontend notifier).
resource "aws_sns_topic" "job_notifications" {
  name              = "${var.name_prefix}-job-notifications"
  kms_master_key_id = var.kms_key_id
}

# CloudWatch alarm notifications for the regional stack.
resource "aws_sns_topic" "alarms" {
  name              = "${var.name_prefix}-alarms"
  kms_master_key_id = var.kms_key_id
}

resource "aws_sns_topic_subscription" "alarms_email" {
  count = var.alarm_email == "" ? 0 : 1

  topic_arn = aws_sns_topic.alarms.arn
  protocol  = "email"
  endpoint  = var.alarm_email
}

# Budget and billing alerts are published in us-east-1.
resource "aws_sns_topic" "billing_alerts" {
  provider = aws.us_east_1

  name = "${var.name_prefix}-billing-alerts"
  tags = {
    Project = var.project
    Env     = var.environment
  }
}

resource "aws_sns_topic_policy" "billing_alerts" {
  provider = aws.us_east_1

  arn = aws_sns_topic.billing_alerts.arn
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid       = "AllowBudgetsPublish"
      Effect    = "Allow"
      Principal = { Service = "budgets.amazonaws.com" }
      Action    = "SNS:Publish"
      Resource  = aws_sns_topic.billing_alerts.arn
    }]
  })
}

resource "aws_sns_topic_subscription" "billing_email" {
  provider = aws.us_east_1
  count    = var.alarm_email == "" ? 0 : 1

  topic_arn = aws_sns_topic.billing_alerts.arn
  protocol  = "email"
  endpoint  = var.alarm_email
}

output "job_notifications_topic_arn" {
  description = "Job completion topic ARN."
  value       = aws_sns_topic.job_notifications.arn
}

output "alarms_topic_arn" {
  description = "Alarm notification topic ARN."
  value       = aws_sns_topic.alarms.arn
}

output "billing_alerts_topic_arn" {
  description = "Budget alert topic ARN (us-east-1)."
  value       = aws_sns_topic.billing_alerts.arn
}

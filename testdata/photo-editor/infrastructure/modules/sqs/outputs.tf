output "main_queue_arn" {
  description = "Processing queue ARN."
  value       = aws_sqs_queue.main.arn
}

output "main_queue_url" {
  description = "Processing queue URL."
  value       = aws_sqs_queue.main.id
}

output "thumbnail_queue_arn" {
  description = "Thumbnail queue ARN."
  value       = aws_sqs_queue.thumbnail.arn
}

output "thumbnail_queue_url" {
  description = "Thumbnail queue URL."
  value       = aws_sqs_queue.thumbnail.id
}

output "queue_names" {
  description = "Queue names for dashboards."
  value       = merge(local.source_queues, { for k, v in local.dead_letter_queues : "${k}_dlq" => v })
}

output "health_alarm_names" {
  description = "Alarms that feed the application health composite alarm."
  value       = [aws_cloudwatch_metric_alarm.queue_age["processing"].alarm_name, aws_cloudwatch_metric_alarm.dlq_messages["processing"].alarm_name]
}

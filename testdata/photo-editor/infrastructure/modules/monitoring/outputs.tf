output "dashboard_name" {
  description = "CloudWatch dashboard name."
  value       = aws_cloudwatch_dashboard.main.dashboard_name
}

output "composite_alarm_arn" {
  description = "Application health composite alarm."
  value       = aws_cloudwatch_composite_alarm.application_health.arn
}

output "main_key_arn" {
  description = "ARN of the data encryption key."
  value       = aws_kms_key.main.arn
}

output "logs_key_arn" {
  description = "ARN of the CloudWatch Logs key."
  value       = aws_kms_key.logs.arn
}

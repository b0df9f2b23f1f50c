output "api_url" {
  description = "Invoke URL of the API stage."
  value       = aws_api_gateway_stage.this.invoke_url
}

output "temp_bucket_name" {
  description = "Bucket receiving uploads (TEMP_BUCKET_NAME)."
  value       = module.s3.temp_bucket_name
}

output "jobs_table_name" {
  description = "DynamoDB jobs table (JOBS_TABLE_NAME)."
  value       = aws_dynamodb_table.jobs.name
}

output "processing_queue_url" {
  description = "Image processing queue."
  value       = module.sqs.main_queue_url
}

output "sns_topic_arn" {
  description = "Job completion topic (SNS_TOPIC_ARN)."
  value       = module.sns.job_notifications_topic_arn
}

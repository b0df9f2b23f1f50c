output "temp_bucket_id" {
  description = "Temp bucket id."
  value       = aws_s3_bucket.temp.id
}

output "temp_bucket_name" {
  description = "Temp bucket name."
  value       = aws_s3_bucket.temp.bucket
}

output "temp_bucket_arn" {
  description = "Temp bucket ARN."
  value       = aws_s3_bucket.temp.arn
}

output "final_bucket_name" {
  description = "Final bucket name."
  value       = aws_s3_bucket.final.bucket
}

output "final_bucket_arn" {
  description = "Final bucket ARN."
  value       = aws_s3_bucket.final.arn
}

output "access_logs_bucket_name" {
  description = "Access log bucket name."
  value       = aws_s3_bucket.access_logs.bucket
}

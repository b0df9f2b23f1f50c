variable "name_prefix" {
  description = "Prefix of the queue names."
  type        = string
}

variable "kms_key_arn" {
  description = "CMK for SQS server-side encryption."
  type        = string
}

variable "visibility_timeout_seconds" {
  description = "Visibility timeout; at least six times the consumer's timeout."
  type        = number
}

variable "max_receive_count" {
  description = "Receives before a message moves to the DLQ (STANDARDS.md: 3)."
  type        = number
  default     = 3
}

variable "source_bucket_arn" {
  description = "Bucket allowed to send event notifications to the main queue."
  type        = string
}

variable "alarm_topic_arn" {
  description = "SNS topic for queue alarms."
  type        = string
}

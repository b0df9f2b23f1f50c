variable "name_prefix" {
  description = "Prefix of the bucket names."
  type        = string
}

variable "aws_account_id" {
  description = "Account id, appended to bucket names for global uniqueness."
  type        = string
}

variable "kms_key_arn" {
  description = "CMK for SSE-KMS on the temp and final buckets."
  type        = string
}

variable "temp_expiration_days" {
  description = "Days after which uploads in the temp bucket expire."
  type        = number
  default     = 2
}

variable "access_log_retention_days" {
  description = "Days to keep S3 server access logs."
  type        = number
  default     = 365
}

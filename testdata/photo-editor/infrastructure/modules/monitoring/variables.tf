variable "name_prefix" {
  description = "Prefix of alarm and dashboard names."
  type        = string
}

variable "aws_region" {
  description = "Region shown in dashboard widgets."
  type        = string
}

variable "function_names" {
  description = "Lambda function names keyed by role (presign, status, ...)."
  type        = map(string)
}

variable "api_name" {
  description = "API Gateway REST API name."
  type        = string
}

variable "api_stage_name" {
  description = "API Gateway stage name."
  type        = string
}

variable "alarm_topic_arn" {
  description = "SNS topic for alarm notifications."
  type        = string
}

variable "queue_names" {
  description = "SQS queue names keyed by role; must include processing."
  type        = map(string)
}

variable "queue_alarm_names" {
  description = "Queue alarms that feed the composite health alarm."
  type        = list(string)
}

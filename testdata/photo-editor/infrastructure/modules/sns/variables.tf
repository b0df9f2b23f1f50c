variable "name_prefix" {
  description = "Prefix of the topic names."
  type        = string
}

variable "project" {
  description = "Project tag value."
  type        = string
}

variable "environment" {
  description = "Env tag value."
  type        = string
}

variable "kms_key_id" {
  description = "CMK for topic encryption (regional topics)."
  type        = string
}

variable "alarm_email" {
  description = "E-mail subscribed to alarms and billing alerts; empty for none."
  type        = string
  default     = ""
}

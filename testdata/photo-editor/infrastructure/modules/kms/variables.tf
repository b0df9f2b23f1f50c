variable "name_prefix" {
  description = "Prefix for key descriptions and aliases."
  type        = string
}

variable "aws_region" {
  description = "Region of the keys (used in the CloudWatch Logs service principal)."
  type        = string
}

variable "aws_account_id" {
  description = "Account that administers the keys."
  type        = string
}

variable "deletion_window_in_days" {
  description = "Waiting period before a scheduled key deletion."
  type        = number
  default     = 30
}

variable "name_prefix" {
  description = "Prefix of the budget name."
  type        = string
}

variable "project" {
  description = "Project tag value the budget is filtered on."
  type        = string
}

variable "limit_usd" {
  description = "Monthly limit in USD."
  type        = number
}

variable "alert_email" {
  description = "E-mail notified at 80% actual and 100% forecasted spend; empty for none."
  type        = string
  default     = ""
}

variable "alert_topic_arns" {
  description = "SNS topics notified with the e-mail."
  type        = list(string)
  default     = []
}

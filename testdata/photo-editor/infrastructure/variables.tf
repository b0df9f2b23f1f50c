variable "project" {
  description = "Project name, used in resource names and the Project tag."
  type        = string
  default     = "photo-editor"
}

variable "environment" {
  description = "Deployment environment."
  type        = string

  validation {
    condition     = contains(["dev", "staging", "prod"], var.environment)
    error_message = "environment must be one of dev, staging, prod."
  }
}

variable "aws_region" {
  description = "Primary AWS region."
  type        = string
  default     = "eu-west-1"
}

variable "aws_account_id" {
  description = "Target AWS account id (used in key policies and bucket names)."
  type        = string

  validation {
    condition     = can(regex("^[0-9]{12}$", var.aws_account_id))
    error_message = "aws_account_id must be a 12-digit account id."
  }
}

variable "owner" {
  description = "Owning team (Owner tag)."
  type        = string
  default     = "engineering"
}

variable "cost_center" {
  description = "Cost center (CostCenter tag)."
  type        = string
  default     = "product"
}

variable "alarm_email" {
  description = "E-mail address subscribed to alarm and budget notifications. Empty disables the subscription."
  type        = string
  default     = ""
}

variable "lambda_artifacts_bucket" {
  description = "Existing bucket (managed by CI) holding the Lambda deployment packages."
  type        = string
}

variable "app_version" {
  description = "Application release whose Lambda packages are deployed."
  type        = string
}

variable "lambda_reserved_concurrency" {
  description = "Reserved concurrent executions per Lambda function."
  type        = map(number)
}

variable "enable_bff_lambda" {
  description = "Deploy the NestJS Backend-for-Frontend Lambda behind /bff."
  type        = bool
  default     = false
}

variable "api_log_level" {
  description = "API Gateway execution logging level."
  type        = string
  default     = "ERROR"

  validation {
    condition     = contains(["OFF", "ERROR", "INFO"], var.api_log_level)
    error_message = "api_log_level must be OFF, ERROR or INFO."
  }
}

variable "enable_budgets" {
  description = "Create the monthly cost budget."
  type        = bool
  default     = false
}

variable "monthly_budget_usd" {
  description = "Monthly cost budget in USD."
  type        = number
  default     = 100
}

variable "lambda_subnet_ids" {
  description = "Private subnets (network team's VPC) for VPC-attached Lambdas."
  type        = list(string)
}

variable "lambda_security_group_ids" {
  description = "Security groups for VPC-attached Lambdas (HTTPS egress only)."
  type        = list(string)
}

locals {
  # Uses locals from locals_more.tf.
  name_prefix = "${local.project}-${var.environment}"
  default_tags = {
    Project     = local.project
    Environment = var.environment
    CostCenter  = var.cost_center
    Owner       = local.owner
  }
  enabled_queues = { for k, v in var.queues : k => v if v.enabled }
  # Grouping for expression: queue names by FIFO-ness.
  queues_by_kind = { for k, v in var.queues : (v.fifo ? "fifo" : "standard") => k... }
  precedence = {
    p_default     = var.p_default
    p_tfvars      = var.p_tfvars
    p_tfvars_json = var.p_tfvars_json
    p_auto        = var.p_auto
    p_auto_json   = var.p_auto_json
    p_var_file    = var.p_var_file
    p_var         = var.p_var
  }
}

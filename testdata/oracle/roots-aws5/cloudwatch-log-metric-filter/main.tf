provider "aws" {
  region = "eu-west-1"
}

module "filter" {
  source = "../../modules-aws5/terraform-aws-cloudwatch@v5.7.2/modules/log-metric-filter"

  log_group_name                  = "/oracle/api"
  name                            = "errors"
  pattern                         = "ERROR"
  metric_transformation_namespace = "oracle"
  metric_transformation_name      = "ErrorCount"
  metric_transformation_value     = "1"
  metric_transformation_default_value = "0"
}

module "query" {
  source          = "../../modules-aws5/terraform-aws-cloudwatch@v5.7.2/modules/query-definition"
  name            = "oracle-errors"
  log_group_names = ["/oracle/api"]
  query_string    = <<-QUERY
    fields @timestamp, @message
    | filter @message like /ERROR/
    | sort @timestamp desc
  QUERY
}

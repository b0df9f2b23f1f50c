provider "aws" {
  region = "eu-west-1"
}

module "alarm" {
  source = "../../modules-aws5/terraform-aws-cloudwatch@v5.7.2/modules/metric-alarm"

  alarm_name          = "oracle-lambda-errors"
  alarm_description   = "Lambda has errors"
  comparison_operator = "GreaterThanOrEqualToThreshold"
  evaluation_periods  = 2
  threshold           = 1
  period              = 60
  unit                = "Count"
  namespace           = "AWS/Lambda"
  metric_name         = "Errors"
  statistic           = "Maximum"
  treat_missing_data  = "notBreaching"
  dimensions = {
    FunctionName = "oracle-fn"
  }
  alarm_actions = ["arn:aws:sns:eu-west-1:123456789012:alerts"]
}

module "alarm_query" {
  source = "../../modules-aws5/terraform-aws-cloudwatch@v5.7.2/modules/metric-alarm"

  alarm_name          = "oracle-error-rate"
  comparison_operator = "GreaterThanOrEqualToThreshold"
  evaluation_periods  = 1
  threshold           = 10

  metric_query = [{
    id          = "e1"
    return_data = true
    expression  = "m2/m1*100"
    label       = "Error Rate"
  }, {
    id = "m1"
    metric = [{
      namespace   = "AWS/ApplicationELB"
      metric_name = "RequestCount"
      period      = 120
      stat        = "Sum"
      unit        = "Count"
      dimensions = {
        LoadBalancer = "app/web"
      }
    }]
  }, {
    id = "m2"
    metric = [{
      namespace   = "AWS/ApplicationELB"
      metric_name = "HTTPCode_ELB_5XX_Count"
      period      = 120
      stat        = "Sum"
      unit        = "Count"
      dimensions = {
        LoadBalancer = "app/web"
      }
    }]
  }]
}

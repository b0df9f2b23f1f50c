provider "aws" {
  region = "eu-west-1"
}

module "alarms" {
  source = "../../modules-aws5/terraform-aws-cloudwatch@v5.7.2/modules/metric-alarms-by-multiple-dimensions"

  alarm_name          = "oracle-throttles-"
  alarm_description   = "Lambda throttles"
  comparison_operator = "GreaterThanOrEqualToThreshold"
  evaluation_periods  = 1
  threshold           = 5
  period              = 60
  namespace           = "AWS/Lambda"
  metric_name         = "Throttles"
  statistic           = "Sum"

  dimensions = {
    "fn1" = { FunctionName = "oracle-one" }
    "fn2" = { FunctionName = "oracle-two" }
  }
}

module "composite" {
  source = "../../modules-aws5/terraform-aws-cloudwatch@v5.7.2/modules/composite-alarm"

  alarm_name        = "oracle-composite"
  alarm_description = "either throttles"
  alarm_rule        = join(" OR ", [for k in ["fn1", "fn2"] : "ALARM(\"oracle-throttles-${k}\")"])
  alarm_actions     = ["arn:aws:sns:eu-west-1:123456789012:alerts"]
}

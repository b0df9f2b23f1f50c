# Lambda alarms, one set per function (STANDARDS.md 3.4).
resource "aws_cloudwatch_metric_alarm" "lambda_errors" {
  for_each = var.function_names

  alarm_name          = "${each.value}-errors"
  alarm_description   = "More than 5 errors in 5 minutes"
  namespace           = "AWS/Lambda"
  metric_name         = "Errors"
  dimensions          = { FunctionName = each.value }
  statistic           = "Sum"
  period              = 300
  evaluation_periods  = 2
  threshold           = 5
  comparison_operator = "GreaterThanThreshold"
  treat_missing_data  = "notBreaching"
  alarm_actions       = [var.alarm_topic_arn]
  ok_actions          = [var.alarm_topic_arn]
}

resource "aws_cloudwatch_metric_alarm" "lambda_duration" {
  for_each = var.function_names

  alarm_name          = "${each.value}-duration"
  alarm_description   = "Average duration above 30 seconds"
  namespace           = "AWS/Lambda"
  metric_name         = "Duration"
  dimensions          = { FunctionName = each.value }
  statistic           = "Average"
  period              = 300
  evaluation_periods  = 2
  threshold           = 30000
  comparison_operator = "GreaterThanThreshold"
  treat_missing_data  = "notBreaching"
  alarm_actions       = [var.alarm_topic_arn]
}

resource "aws_cloudwatch_metric_alarm" "lambda_throttles" {
  for_each = var.function_names

  alarm_name          = "${each.value}-throttles"
  alarm_description   = "Invocations throttled"
  namespace           = "AWS/Lambda"
  metric_name         = "Throttles"
  dimensions          = { FunctionName = each.value }
  statistic           = "Sum"
  period              = 300
  evaluation_periods  = 1
  threshold           = 0
  comparison_operator = "GreaterThanThreshold"
  treat_missing_data  = "notBreaching"
  alarm_actions       = [var.alarm_topic_arn]
}

# 5XXError averaged over requests is the error rate; alarm above 1%.
resource "aws_cloudwatch_metric_alarm" "api_5xx" {
  alarm_name          = "${var.name_prefix}-api-5xx-rate"
  alarm_description   = "API Gateway 5XX rate above 1%"
  namespace           = "AWS/ApiGateway"
  metric_name         = "5XXError"
  dimensions          = { ApiName = var.api_name, Stage = var.api_stage_name }
  statistic           = "Average"
  period              = 300
  evaluation_periods  = 2
  threshold           = 0.01
  comparison_operator = "GreaterThanThreshold"
  treat_missing_data  = "notBreaching"
  alarm_actions       = [var.alarm_topic_arn]
}

resource "aws_cloudwatch_composite_alarm" "application_health" {
  alarm_name        = "${var.name_prefix}-application-health"
  alarm_description = "API 5XX rate, queue age or DLQ inflow is alarming"
  alarm_rule        = join(" OR ", [for name in concat([aws_cloudwatch_metric_alarm.api_5xx.alarm_name], var.queue_alarm_names) : "ALARM(\"${name}\")"])
  alarm_actions     = [var.alarm_topic_arn]
  ok_actions        = [var.alarm_topic_arn]
}

resource "aws_cloudwatch_dashboard" "main" {
  dashboard_name = "${var.name_prefix}-overview"
  dashboard_body = jsonencode({
    widgets = [
      {
        type = "metric", x = 0, y = 0, width = 12, height = 6
        properties = {
          title  = "API Gateway requests and errors"
          region = var.aws_region
          stat   = "Sum"
          metrics = [for m in ["Count", "4XXError", "5XXError"] :
          ["AWS/ApiGateway", m, "ApiName", var.api_name, "Stage", var.api_stage_name]]
        }
      },
      {
        type = "metric", x = 12, y = 0, width = 12, height = 6
        properties = {
          title   = "Lambda duration (average)"
          region  = var.aws_region
          stat    = "Average"
          metrics = [for name in values(var.function_names) : ["AWS/Lambda", "Duration", "FunctionName", name]]
        }
      },
      {
        type = "metric", x = 0, y = 6, width = 12, height = 6
        properties = {
          title  = "SQS depth and oldest message age"
          region = var.aws_region
          stat   = "Maximum"
          metrics = concat(
            [for name in values(var.queue_names) : ["AWS/SQS", "ApproximateNumberOfMessagesVisible", "QueueName", name]],
            [["AWS/SQS", "ApproximateAgeOfOldestMessage", "QueueName", var.queue_names["processing"]]],
          )
        }
      },
    ]
  })
}

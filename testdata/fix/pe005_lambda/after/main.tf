variable "environment" {
  type    = string
  default = "dev"
}

resource "aws_lambda_function" "resize" {
  function_name                  = "resize"
  reserved_concurrent_executions = 5
}

resource "aws_cloudwatch_log_group" "resize_logs" {
  name              = "/aws/lambda/${aws_lambda_function.resize.function_name}"
  retention_in_days = 14
}

resource "aws_lambda_function" "shards" {
  count                          = 2
  function_name                  = "shard-${count.index}"
  reserved_concurrent_executions = 5
}

resource "aws_cloudwatch_log_group" "shards" {
  count = 2

  name              = "/aws/lambda/${aws_lambda_function.shards[count.index].function_name}"
  retention_in_days = 14
}

resource "aws_lambda_function" "regions" {
  for_each                       = toset(["eu", "us"])
  function_name                  = "export-${each.key}"
  reserved_concurrent_executions = 5
}

resource "aws_cloudwatch_log_group" "regions" {
  for_each = aws_lambda_function.regions

  name              = "/aws/lambda/${each.value.function_name}"
  retention_in_days = 14
}

# The name is taken: the new group is called resize_logs.
resource "aws_cloudwatch_log_group" "resize" {
  name              = "/photo/resize-audit"
  retention_in_days = 14
}

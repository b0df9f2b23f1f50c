resource "aws_lambda_function" "f" {
  reserved_concurrent_executions = -1 # expect: PE004 aws_lambda_function.f
}

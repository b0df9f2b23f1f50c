variable "name" {
  type = string
}

resource "aws_lambda_function" "this" {
  function_name                  = var.name
  role                           = "arn:aws:iam::123456789012:role/lambda"
  filename                       = "${var.name}.zip"
  handler                        = "index.handler"
  runtime                        = "nodejs20.x"
  reserved_concurrent_executions = 0
}

variable "reserved" {
  type    = number
  default = null
}

resource "aws_lambda_function" "this" {
  function_name                  = "module-fn"
  role                           = "arn:aws:iam::123456789012:role/lambda"
  filename                       = "fn.zip"
  handler                        = "index.handler"
  runtime                        = "nodejs20.x"
  reserved_concurrent_executions = var.reserved # expect: PE004 module.fn[0].aws_lambda_function.this
}

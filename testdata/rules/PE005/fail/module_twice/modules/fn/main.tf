variable "name" {
  type = string
}

# The module's group is not named /aws/lambda/<function_name>, so the function has no
# managed group; the group itself has the wrong retention.
resource "aws_lambda_function" "this" { # expect: PE005 module.resize.aws_lambda_function.this # expect: PE005 module.watermark.aws_lambda_function.this
  function_name = var.name
  role          = "arn:aws:iam::123456789012:role/lambda"
  filename      = "${var.name}.zip"
  handler       = "index.handler"
  runtime       = "nodejs20.x"
}

resource "aws_cloudwatch_log_group" "this" {
  name              = "/photo-editor/${var.name}"
  retention_in_days = 365 # expect: PE005 module.resize.aws_cloudwatch_log_group.this # expect: PE005 module.watermark.aws_cloudwatch_log_group.this
}

resource "aws_lambda_function" "overridden" {
  vpc_config { # expect: PE007 aws_lambda_function.overridden
    subnet_ids         = ["subnet-0a1b2c3d4e5f60718"]
    security_group_ids = ["sg-0a1b2c3d4e5f60718"]
  }
}

resource "aws_cloudwatch_log_group" "g" {
  retention_in_days = 3653 # expect: PE005 aws_cloudwatch_log_group.g
}

resource "aws_iam_role" "r" {
  inline_policy {
    name   = "scoped"
    policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "*", Resource = "*" }] }) # expect: PE008 aws_iam_role.r
  }
}

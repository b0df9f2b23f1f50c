data "aws_iam_policy_document" "this" {
  statement {
    actions   = ["sqs:*"]
    resources = ["*"]
    principals {
      type        = "Service"
      identifiers = ["sns.amazonaws.com"]
    }
  }
}

output "json" {
  value = data.aws_iam_policy_document.this.json
}

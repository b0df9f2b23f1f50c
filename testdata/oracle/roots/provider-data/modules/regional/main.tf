data "aws_region" "here" {}

data "aws_partition" "here" {}

data "aws_iam_policy_document" "read" {
  statement {
    actions   = ["sqs:ReceiveMessage"]
    resources = ["arn:${data.aws_partition.here.partition}:sqs:${data.aws_region.here.name}:123456789012:q"]
  }
}

resource "aws_sqs_queue" "q" {
  name = "regional-${data.aws_region.here.name}"
}

resource "aws_iam_policy" "read" {
  name   = "read-${data.aws_partition.here.id}"
  policy = data.aws_iam_policy_document.read.json
}

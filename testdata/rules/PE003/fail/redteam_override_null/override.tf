resource "aws_sqs_queue" "q" {
  redrive_policy = null
}

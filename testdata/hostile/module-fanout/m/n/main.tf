resource "aws_sqs_queue" "q" {
  count = 10000
}

resource "aws_sqs_queue" "q" {
  count = 100000000
  name  = "q-${count.index}"
}

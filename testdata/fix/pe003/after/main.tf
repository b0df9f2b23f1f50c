resource "aws_sqs_queue" "dlq" {
  name = "jobs-dlq"
}

resource "aws_sqs_queue" "jobs" {
  name = "jobs"
  redrive_policy = jsonencode({
    deadLetterTargetArn = aws_sqs_queue.dlq.arn
    maxReceiveCount     = 3 # too many
  })
}

resource "aws_sqs_queue" "dlq2" {
  name = "events-dlq"
}

resource "aws_sqs_queue" "events" {
  name           = "events"
  redrive_policy = <<-EOT
    {
      "deadLetterTargetArn": "${aws_sqs_queue.dlq2.arn}",
      "maxReceiveCount": 3
    }
  EOT
}

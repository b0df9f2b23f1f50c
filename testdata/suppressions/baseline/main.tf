# Two existing violations, recorded in a baseline by the tests.
provider "aws" {
  region = "us-east-1"
  default_tags {
    tags = {
      Project    = "photo-editor"
      Env        = "prod"
      Owner      = "platform"
      CostCenter = "cc-1"
    }
  }
}

resource "aws_kms_key" "legacy" {
  enable_key_rotation = false
}

resource "aws_sqs_queue" "jobs" {
  name = "jobs"
}

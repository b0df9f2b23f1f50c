# Queues from terraform-aws-modules/sqs v4.3.1 (testdata/plan/modules): its dead-letter queue is
# wired by a separate aws_sqs_queue_redrive_policy, the case `--plan` alone used to fail.
terraform {
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = ">= 5.0"
    }
  }
}

provider "aws" {
  region = "eu-west-1"
  default_tags {
    tags = {
      Project    = "photo-editor"
      Owner      = "platform"
      CostCenter = "cc-100"
    }
  }
}

# A second configuration whose default_tags are not a constant in the plan.
provider "aws" {
  alias  = "ops"
  region = "eu-west-1"
  default_tags {
    tags = local.ops_tags
  }
}

variable "environment" {
  type    = string
  default = "dev"
}

locals {
  ops_tags = { Project = "photo-editor", Owner = "ops", CostCenter = "cc-200", Env = var.environment }
}

# DLQ with maxReceiveCount 3: both queues pass.
module "jobs" {
  source         = "../../modules/terraform-aws-sqs@v4.3.1"
  name           = "jobs"
  create_dlq     = true
  redrive_policy = { maxReceiveCount = 3 }
  tags           = { Env = var.environment }
}

# Keyed module instances, maxReceiveCount 5: the source queues fail.
module "events" {
  for_each       = toset(["a", "b"])
  source         = "../../modules/terraform-aws-sqs@v4.3.1"
  name           = "events-${each.key}"
  create_dlq     = true
  redrive_policy = { maxReceiveCount = 5 }
  tags           = { Env = var.environment }
}

# No dead-letter queue at all: fails, and has no Env tag.
module "plain" {
  source = "../../modules/terraform-aws-sqs@v4.3.1"
  name   = "plain"
}

resource "aws_sqs_queue" "direct_dlq" {
  name = "direct-dlq"
  tags = { Env = var.environment }
}

# tags hold a value known only after apply, so the plan's tags_all is unknown: the effective
# tags come from tags and the provider's constant default_tags.
resource "aws_sqs_queue" "direct" {
  name = "direct"
  redrive_policy = jsonencode({
    deadLetterTargetArn = aws_sqs_queue.direct_dlq.arn
    maxReceiveCount     = 3
  })
  tags = { Env = var.environment, DeadLetter = aws_sqs_queue.direct_dlq.arn }
}

# Same, without Env: fails PE006 in both modes.
resource "aws_sqs_queue" "untagged" {
  name = "untagged"
  redrive_policy = jsonencode({
    deadLetterTargetArn = aws_sqs_queue.direct_dlq.arn
    maxReceiveCount     = 3
  })
  tags = { DeadLetter = aws_sqs_queue.direct_dlq.arn }
}

# Provider default_tags from a local: the plan does not record the local, so with tags_all
# unknown PE006 is unresolved.
resource "aws_sqs_queue" "ops" {
  provider = aws.ops
  name     = "ops"
  redrive_policy = jsonencode({
    deadLetterTargetArn = aws_sqs_queue.direct_dlq.arn
    maxReceiveCount     = 3
  })
  tags = { DeadLetter = aws_sqs_queue.direct_dlq.arn }
}

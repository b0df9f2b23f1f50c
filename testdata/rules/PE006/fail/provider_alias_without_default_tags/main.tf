terraform {
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "5.100.0"
    }
  }
}

provider "aws" {
  region = "us-east-1"

  default_tags {
    tags = {
      Project    = "photo-editor"
      Env        = "prod"
      Owner      = "platform-team"
      CostCenter = "CC-1042"
    }
  }
}

# The alias has no default_tags: resources that use it get nothing from the provider.
provider "aws" {
  alias  = "us_east_1"
  region = "us-east-1"
}

resource "aws_sns_topic" "billing_alerts" {
  provider = aws.us_east_1
  name     = "billing-alerts"
  tags = { # expect: PE006 aws_sns_topic.billing_alerts
    Project = "photo-editor"
    Env     = "prod"
  }
}

resource "aws_sqs_queue" "untagged" { # expect: PE006 aws_sqs_queue.untagged
  provider = aws.us_east_1
  name     = "untagged"
}

# Uses the default (tagged) provider: passes.
resource "aws_sqs_queue" "tagged" {
  name = "tagged"
}

# Not taggable, even under the untagged alias.
resource "aws_sns_topic_policy" "billing_alerts" {
  provider = aws.us_east_1
  arn      = aws_sns_topic.billing_alerts.arn
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Principal = { Service = "budgets.amazonaws.com" }, Action = "SNS:Publish", Resource = aws_sns_topic.billing_alerts.arn }]
  })
}

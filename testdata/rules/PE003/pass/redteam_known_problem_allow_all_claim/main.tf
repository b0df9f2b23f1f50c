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
}

# Known problem (rules/PE003 known_problems), kept as the current verdict, confirmed
# with an offline plan: a work queue claims to be a dead-letter queue with redrive_allow_policy allowAll,
# and has no redrive policy of its own.
resource "aws_sqs_queue" "claims_dlq" {
  name = "claims-dlq"
  redrive_allow_policy = jsonencode({
    redrivePermission = "allowAll"
  })
}

# Queues, topics and tables are encrypted with a key the platform controls.
rule "ORG004" {
  name        = "customer-managed-kms"
  severity    = "error"
  summary     = "SQS queues, SNS topics and DynamoDB tables are encrypted with a customer-managed KMS key"
  requirement = "SQS, SNS and DynamoDB data is encrypted with a customer-managed KMS key"
  description = <<-EOT
    Every `aws_sqs_queue` and `aws_sns_topic` sets `kms_master_key_id`, and every
    `aws_dynamodb_table` has `server_side_encryption { enabled = true, kms_key_arn = ... }`,
    to a customer-managed key: a reference to an `aws_kms_key` or `aws_kms_alias` of the
    configuration (directly, through variables, locals or module outputs), or a literal key
    ARN. SSE-SQS (`sqs_managed_sse_enabled`), the AWS-managed aliases (`alias/aws/sqs`,
    `alias/aws/sns`) and DynamoDB's default encryption do not count: their key policies cannot
    be controlled or audited by the platform.
  EOT
  remediation = <<-EOT
    Point the resource at the platform key, e.g. `kms_master_key_id = aws_kms_key.main.arn`
    (SQS, SNS) or `server_side_encryption { enabled = true, kms_key_arn = aws_kms_key.main.arn }`
    (DynamoDB).
  EOT

  check "aws_sqs_queue" {
    assert = (
      refers_to(self.kms_master_key_id, "aws_kms_key") ||
      refers_to(self.kms_master_key_id, "aws_kms_alias") ||
      can(regex("^arn:aws[a-z-]*:kms:[^:]+:[0-9]{12}:key/", self.kms_master_key_id))
    )
    at      = "kms_master_key_id"
    message = "queue ${coalesce(self.name, "(unnamed)")} is not encrypted with a customer-managed KMS key (kms_master_key_id = ${jsonencode(self.kms_master_key_id)})"
    fix     = "set kms_master_key_id = aws_kms_key.<key>.arn"
  }

  check "aws_sns_topic" {
    assert = (
      refers_to(self.kms_master_key_id, "aws_kms_key") ||
      refers_to(self.kms_master_key_id, "aws_kms_alias") ||
      can(regex("^arn:aws[a-z-]*:kms:[^:]+:[0-9]{12}:key/", self.kms_master_key_id))
    )
    at      = "kms_master_key_id"
    message = "topic ${coalesce(self.name, "(unnamed)")} is not encrypted with a customer-managed KMS key (kms_master_key_id = ${jsonencode(self.kms_master_key_id)})"
    fix     = "set kms_master_key_id = aws_kms_key.<key>.arn"
  }

  check "aws_dynamodb_table" {
    assert = try(self.server_side_encryption[0].enabled, false) == true && (
      refers_to(try(self.server_side_encryption[0].kms_key_arn, null), "aws_kms_key") ||
      refers_to(try(self.server_side_encryption[0].kms_key_arn, null), "aws_kms_alias") ||
      can(regex("^arn:aws[a-z-]*:kms:[^:]+:[0-9]{12}:key/", self.server_side_encryption[0].kms_key_arn))
    )
    at      = "server_side_encryption[0]"
    message = "table ${self.name} is not encrypted with a customer-managed KMS key"
    fix     = "add server_side_encryption { enabled = true, kms_key_arn = aws_kms_key.<key>.arn }"
  }

  example "pass" {
    code = <<-EOT
      resource "aws_kms_key" "main" {
        description         = "Data key"
        enable_key_rotation = true
      }

      resource "aws_sqs_queue" "jobs" {
        name              = "jobs"
        kms_master_key_id = aws_kms_key.main.arn
      }

      resource "aws_sns_topic" "events" {
        name              = "events"
        kms_master_key_id = "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"
      }

      resource "aws_dynamodb_table" "jobs" {
        name         = "jobs"
        billing_mode = "PAY_PER_REQUEST"
        hash_key     = "id"

        attribute {
          name = "id"
          type = "S"
        }

        server_side_encryption {
          enabled     = true
          kms_key_arn = aws_kms_key.main.arn
        }
      }
    EOT
  }

  example "fail" {
    code = <<-EOT
      resource "aws_sqs_queue" "jobs" {
        name                    = "jobs"
        sqs_managed_sse_enabled = true
      }

      resource "aws_sns_topic" "events" {
        name              = "events"
        kms_master_key_id = "alias/aws/sns"
      }

      resource "aws_dynamodb_table" "jobs" {
        name         = "jobs"
        billing_mode = "PAY_PER_REQUEST"
        hash_key     = "id"

        attribute {
          name = "id"
          type = "S"
        }
      }
    EOT
  }
}

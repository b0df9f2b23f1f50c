# Every table can be restored to any second of the last 35 days.
rule "ORG005" {
  name        = "dynamodb-pitr"
  severity    = "error"
  summary     = "DynamoDB tables have point-in-time recovery enabled"
  requirement = "Every DynamoDB table has point-in-time recovery"
  description = <<-EOT
    Every `aws_dynamodb_table` has `point_in_time_recovery { enabled = true }`. Without it, a
    bad deployment or a mistaken delete can only be undone from on-demand backups, if any.
  EOT
  remediation = <<-EOT
    Add `point_in_time_recovery { enabled = true }` to the table.
  EOT

  check "aws_dynamodb_table" {
    assert  = try(self.point_in_time_recovery[0].enabled, false) == true
    at      = "point_in_time_recovery[0].enabled"
    message = "table ${self.name} does not have point-in-time recovery enabled"
    fix     = "add point_in_time_recovery { enabled = true }"
  }

  example "pass" {
    code = <<-EOT
      resource "aws_dynamodb_table" "jobs" {
        name         = "jobs"
        billing_mode = "PAY_PER_REQUEST"
        hash_key     = "id"

        attribute {
          name = "id"
          type = "S"
        }

        point_in_time_recovery {
          enabled = true
        }
      }
    EOT
  }

  example "fail" {
    code = <<-EOT
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

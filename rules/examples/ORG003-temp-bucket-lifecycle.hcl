# Uploads are temporary: they expire after 2 days, and abandoned multipart uploads after 7.
rule "ORG003" {
  name        = "temp-bucket-lifecycle"
  severity    = "error"
  summary     = "Temporary buckets expire objects within 2 days and abort multipart uploads within 7"
  requirement = "The temporary-uploads bucket expires objects after 2 days and aborts incomplete multipart uploads after 7 days"
  description = <<-EOT
    A bucket whose name contains `-temp` must have an `aws_s3_bucket_lifecycle_configuration`
    that refers to it with an enabled rule that expires objects after at most 2 days, and an
    enabled rule that aborts incomplete multipart uploads after at most 7 days (one rule may do
    both). Each requirement is its own check, so each gets its own finding.
  EOT
  remediation = <<-EOT
    Add a lifecycle rule with `expiration { days = 2 }` and
    `abort_incomplete_multipart_upload { days_after_initiation = 7 }`.
  EOT

  check "aws_s3_bucket" {
    where = try(strcontains(self.bucket, "-temp"), false)
    assert = anytrue(flatten([
      for c in related("aws_s3_bucket_lifecycle_configuration", "bucket") : [
        for r in c.rule : r.status == "Enabled" && try(r.expiration[0].days <= 2, false)
      ]
    ]))
    message = "temporary bucket ${self.bucket} has no enabled lifecycle rule that expires objects within 2 days"
    fix     = "add expiration { days = 2 } to an enabled rule of the bucket's aws_s3_bucket_lifecycle_configuration"
  }

  check "aws_s3_bucket" {
    where = try(strcontains(self.bucket, "-temp"), false)
    assert = anytrue(flatten([
      for c in related("aws_s3_bucket_lifecycle_configuration", "bucket") : [
        for r in c.rule : r.status == "Enabled" && try(r.abort_incomplete_multipart_upload[0].days_after_initiation <= 7, false)
      ]
    ]))
    message = "temporary bucket ${self.bucket} has no enabled lifecycle rule that aborts incomplete multipart uploads within 7 days"
    fix     = "add abort_incomplete_multipart_upload { days_after_initiation = 7 } to an enabled rule of the bucket's lifecycle configuration"
  }

  example "pass" {
    code = <<-EOT
      resource "aws_s3_bucket" "temp" {
        bucket = "photo-editor-temp-123456789012"
      }

      resource "aws_s3_bucket_lifecycle_configuration" "temp" {
        bucket = aws_s3_bucket.temp.id

        rule {
          id     = "expire-uploads"
          status = "Enabled"
          filter {}

          expiration {
            days = 2
          }
          abort_incomplete_multipart_upload {
            days_after_initiation = 7
          }
        }
      }
    EOT
  }

  example "fail" {
    code = <<-EOT
      resource "aws_s3_bucket" "temp" {
        bucket = "photo-editor-temp-123456789012"
      }

      # Objects are kept for a month and multipart uploads are never cleaned up.
      resource "aws_s3_bucket_lifecycle_configuration" "temp" {
        bucket = aws_s3_bucket.temp.id

        rule {
          id     = "expire-uploads"
          status = "Enabled"
          filter {}

          expiration {
            days = 30
          }
        }
      }
    EOT
  }
}

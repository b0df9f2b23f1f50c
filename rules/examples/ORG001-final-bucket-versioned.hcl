# Buckets that hold final images keep every version of every object.
rule "ORG001" {
  name        = "final-bucket-versioned"
  severity    = "error"
  summary     = "Buckets holding final images have versioning enabled"
  requirement = "The final-images bucket keeps every object version"
  description = <<-EOT
    A bucket whose name contains `-final` holds the processed images users download. It must
    have an `aws_s3_bucket_versioning` whose `bucket` refers to it (directly, through a local,
    a `for_each` or a module output) with `versioning_configuration { status = "Enabled" }`.
    The deprecated inline `versioning { enabled = true }` block counts too.
  EOT
  remediation = <<-EOT
    Add an `aws_s3_bucket_versioning` resource for the bucket with
    `versioning_configuration { status = "Enabled" }`.
  EOT

  check "aws_s3_bucket" {
    where = try(strcontains(self.bucket, "-final"), false)
    assert = anytrue([
      for v in related("aws_s3_bucket_versioning", "bucket") :
      try(v.versioning_configuration[0].status, null) == "Enabled"
    ]) || try(self.versioning[0].enabled, false) == true
    message = "bucket ${self.bucket} holds final images but has no aws_s3_bucket_versioning with status \"Enabled\""
    fix     = "add an aws_s3_bucket_versioning for this bucket with versioning_configuration { status = \"Enabled\" }"
  }

  example "pass" {
    code = <<-EOT
      resource "aws_s3_bucket" "final" {
        bucket = "photo-editor-final-123456789012"
      }

      resource "aws_s3_bucket_versioning" "final" {
        bucket = aws_s3_bucket.final.id
        versioning_configuration {
          status = "Enabled"
        }
      }
    EOT
  }

  example "fail" {
    code = <<-EOT
      resource "aws_s3_bucket" "final" {
        bucket = "photo-editor-final-123456789012"
      }

      resource "aws_s3_bucket_versioning" "final" {
        bucket = aws_s3_bucket.final.id
        versioning_configuration {
          status = "Suspended"
        }
      }
    EOT
  }
}

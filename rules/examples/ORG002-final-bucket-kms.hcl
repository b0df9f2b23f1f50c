# Final images are encrypted with the platform's own KMS key, not the AWS-managed aws/s3 key.
rule "ORG002" {
  name        = "final-bucket-kms"
  severity    = "error"
  summary     = "Buckets holding final images use SSE-KMS with a customer-managed key"
  requirement = "The final-images bucket is encrypted with SSE-KMS and a customer-managed KMS key"
  description = <<-EOT
    A bucket whose name contains `-final` must have an
    `aws_s3_bucket_server_side_encryption_configuration` that refers to it, with a rule whose
    default encryption is `aws:kms` (or `aws:kms:dsse`) and whose `kms_master_key_id` is a
    customer-managed key: a reference to an `aws_kms_key` or `aws_kms_alias` of the
    configuration, or a literal key ARN. Without `kms_master_key_id`, S3 uses the AWS-managed
    key `aws/s3`, whose policy the platform cannot control.
  EOT
  remediation = <<-EOT
    Set `sse_algorithm = "aws:kms"` and `kms_master_key_id = aws_kms_key.<key>.arn` in the
    bucket's server-side encryption configuration.
  EOT
  references = ["https://docs.aws.amazon.com/AmazonS3/latest/userguide/UsingKMSEncryption.html"]

  check "aws_s3_bucket" {
    where = try(strcontains(self.bucket, "-final"), false)
    assert = anytrue(flatten([
      for c in related("aws_s3_bucket_server_side_encryption_configuration", "bucket") : [
        for r in c.rule :
        startswith(try(r.apply_server_side_encryption_by_default[0].sse_algorithm, ""), "aws:kms") && (
          refers_to(try(r.apply_server_side_encryption_by_default[0].kms_master_key_id, null), "aws_kms_key") ||
          refers_to(try(r.apply_server_side_encryption_by_default[0].kms_master_key_id, null), "aws_kms_alias") ||
          can(regex("^arn:aws[a-z-]*:kms:[^:]+:[0-9]{12}:key/", r.apply_server_side_encryption_by_default[0].kms_master_key_id))
        )
      ]
    ]))
    message = "bucket ${self.bucket} holds final images but is not encrypted with SSE-KMS and a customer-managed key"
    fix     = "encrypt the bucket with sse_algorithm = \"aws:kms\" and kms_master_key_id = aws_kms_key.<key>.arn"
  }

  example "pass" {
    code = <<-EOT
      resource "aws_kms_key" "images" {
        description         = "Encrypts processed images"
        enable_key_rotation = true
      }

      resource "aws_s3_bucket" "final" {
        bucket = "photo-editor-final-123456789012"
      }

      resource "aws_s3_bucket_server_side_encryption_configuration" "final" {
        bucket = aws_s3_bucket.final.id
        rule {
          apply_server_side_encryption_by_default {
            sse_algorithm     = "aws:kms"
            kms_master_key_id = aws_kms_key.images.arn
          }
          bucket_key_enabled = true
        }
      }
    EOT
  }

  example "fail" {
    code = <<-EOT
      resource "aws_s3_bucket" "final" {
        bucket = "photo-editor-final-123456789012"
      }

      # aws:kms without a key: S3 uses the AWS-managed key aws/s3.
      resource "aws_s3_bucket_server_side_encryption_configuration" "final" {
        bucket = aws_s3_bucket.final.id
        rule {
          apply_server_side_encryption_by_default {
            sse_algorithm = "aws:kms"
          }
        }
      }
    EOT
  }
}

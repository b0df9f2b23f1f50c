resource "aws_s3_bucket_public_access_block" "b" {
  restrict_public_buckets = false # expect: PE002 aws_s3_bucket.b
}

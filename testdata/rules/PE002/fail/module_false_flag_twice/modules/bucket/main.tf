variable "name" {
  type = string
}

resource "aws_s3_bucket" "this" {
  bucket = var.name
}

resource "aws_s3_bucket_public_access_block" "this" {
  bucket                  = aws_s3_bucket.this.id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = false # expect: PE002 module.uploads.aws_s3_bucket.this # expect: PE002 module.archive.aws_s3_bucket.this
  restrict_public_buckets = true
}

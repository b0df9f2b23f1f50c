variable "name" {
  type = string
}
variable "public_ok" {
  type = bool
}
variable "versioned" {
  type = bool
}
variable "kms_key" {
  type = string
}
variable "tags" {
  type = map(string)
}

resource "aws_s3_bucket" "this" {
  bucket = var.name
  tags   = merge(var.tags, { Name = var.name })
}

resource "aws_s3_bucket_public_access_block" "this" {
  bucket                  = aws_s3_bucket.this.id
  block_public_acls       = !var.public_ok
  block_public_policy     = !var.public_ok
  ignore_public_acls      = true
  restrict_public_buckets = var.public_ok ? false : true
}

resource "aws_s3_bucket_versioning" "this" {
  count  = var.versioned ? 1 : 0
  bucket = aws_s3_bucket.this.id
  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_bucket_server_side_encryption_configuration" "this" {
  bucket = aws_s3_bucket.this.id
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm     = "aws:kms"
      kms_master_key_id = var.kms_key
    }
    bucket_key_enabled = true
  }
}

variable "policy" {
  type = string
}

resource "aws_s3_bucket" "this" {
  bucket = "photo-editor-assets"
}

resource "aws_s3_bucket_policy" "this" {
  bucket = aws_s3_bucket.this.id
  policy = var.policy
}

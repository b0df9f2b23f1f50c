resource "aws_s3_bucket" "this" {
  bucket = "photo-editor-module-store"
}

resource "aws_s3_bucket" "photos" {
  bucket = "photos"
}

resource "aws_s3_bucket_public_access_block" "photos" {
  bucket                  = aws_s3_bucket.photos.id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket" "exports" {
  count  = 2
  bucket = "exports-${count.index}"
}

resource "aws_s3_bucket_public_access_block" "exports" {
  count = 2

  bucket                  = aws_s3_bucket.exports[count.index].id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket" "regions" {
  for_each = toset(["eu", "us"])
  bucket   = "regions-${each.key}"
}

resource "aws_s3_bucket_public_access_block" "regions" {
  for_each = aws_s3_bucket.regions

  bucket                  = each.value.id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket" "logs" {
  bucket = "logs"
}

# Half done: two flags off.
resource "aws_s3_bucket_public_access_block" "logs" {
  bucket                  = aws_s3_bucket.logs.id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

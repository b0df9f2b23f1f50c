resource "aws_s3_bucket" "photos" {
  bucket = "photos"
}

resource "aws_s3_bucket" "exports" {
  count  = 2
  bucket = "exports-${count.index}"
}

resource "aws_s3_bucket" "regions" {
  for_each = toset(["eu", "us"])
  bucket   = "regions-${each.key}"
}

resource "aws_s3_bucket" "logs" {
  bucket = "logs"
}

# Half done: two flags off.
resource "aws_s3_bucket_public_access_block" "logs" {
  bucket              = aws_s3_bucket.logs.id
  block_public_acls   = true
  block_public_policy = false
  ignore_public_acls  = true
}

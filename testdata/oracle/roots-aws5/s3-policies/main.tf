provider "aws" {
  region = "eu-west-1"
}

data "aws_iam_policy_document" "read" {
  statement {
    sid       = "ReadFromAccount"
    actions   = ["s3:GetObject", "s3:ListBucket"]
    resources = ["arn:aws:s3:::oracle-s3-policies", "arn:aws:s3:::oracle-s3-policies/*"]
    principals {
      type        = "AWS"
      identifiers = ["arn:aws:iam::123456789012:root"]
    }
  }
}

module "bucket" {
  source = "../../modules-aws5/terraform-aws-s3-bucket@v4.11.0"
  bucket = "oracle-s3-policies"

  attach_policy                            = true
  policy                                   = data.aws_iam_policy_document.read.json
  attach_deny_insecure_transport_policy    = true
  attach_require_latest_tls_policy         = true
  attach_deny_incorrect_encryption_headers = true
  attach_deny_unencrypted_object_uploads   = true
  attach_deny_ssec_encrypted_object_uploads = true

  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

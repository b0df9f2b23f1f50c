variable "name" {
  type = string
}

data "aws_iam_policy_document" "this" {
  statement {
    actions   = ["s3:GetObject", "s3:List*"] # expect: PE008 module.reader.data.aws_iam_policy_document.this # expect: PE008 module.writer.data.aws_iam_policy_document.this
    resources = ["arn:aws:s3:::photo-editor-uploads/*"]
  }
}

resource "aws_iam_policy" "this" {
  name   = var.name
  policy = data.aws_iam_policy_document.this.json
}

provider "aws" {
  region = "eu-west-1"
}

data "aws_iam_policy_document" "ci" {
  statement {
    sid       = "Deploy"
    actions   = ["lambda:UpdateFunctionCode", "lambda:PublishVersion"]
    resources = ["arn:aws:lambda:eu-west-1:123456789012:function:oracle-*"]
  }
  statement {
    sid       = "NoDelete"
    effect    = "Deny"
    actions   = ["lambda:DeleteFunction"]
    resources = ["*"]
    condition {
      test     = "StringNotEquals"
      variable = "aws:PrincipalTag/team"
      values   = ["platform"]
    }
  }
}

module "ci" {
  source      = "../../modules-aws5/terraform-aws-iam@v5.60.0/modules/iam-policy"
  name        = "oracle-ci"
  path        = "/ci/"
  description = "CI deploys"
  policy      = data.aws_iam_policy_document.ci.json
  tags        = { Owner = "ci" }
}

module "heredoc" {
  source = "../../modules-aws5/terraform-aws-iam@v5.60.0/modules/iam-policy"
  name_prefix = "oracle-heredoc-"
  policy = <<-JSON
    {
      "Version": "2012-10-17",
      "Statement": [
        {
          "Action": ["ec2:Describe*"],
          "Effect": "Allow",
          "Resource": "*"
        }
      ]
    }
  JSON
}

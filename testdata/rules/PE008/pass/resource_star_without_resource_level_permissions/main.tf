terraform {
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "5.100.0"
    }
  }
}

provider "aws" {
  region = "us-east-1"
}

# Every action in these statements has no resource-level permissions, so "*" is the only
# resource it can name.
resource "aws_iam_policy" "telemetry" {
  name = "telemetry"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid      = "Tracing"
        Effect   = "Allow"
        Action   = ["xray:PutTraceSegments", "xray:PutTelemetryRecords"]
        Resource = "*"
      },
      {
        Sid      = "Metrics"
        Effect   = "Allow"
        Action   = "cloudwatch:PutMetricData"
        Resource = ["*"]
      },
    ]
  })
}

data "aws_iam_policy_document" "inventory" {
  statement {
    actions   = ["s3:ListAllMyBuckets", "sts:GetCallerIdentity"]
    resources = ["*"]
  }
}

resource "aws_iam_role_policy" "inventory" {
  name   = "inventory"
  role   = "existing-role"
  policy = data.aws_iam_policy_document.inventory.json
}

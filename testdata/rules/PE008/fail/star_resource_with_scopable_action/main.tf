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

# xray:PutTraceSegments alone could use "*", but s3:GetObject can be scoped, so the
# statement fails. A condition does not make "*" acceptable.
resource "aws_iam_policy" "mixed" {
  name = "mixed"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Action    = ["xray:PutTraceSegments", "s3:GetObject"]
      Resource  = "*" # expect: PE008 aws_iam_policy.mixed
      Condition = { StringEquals = { "aws:RequestedRegion" = "us-east-1" } }
    }]
  })
}

provider "aws" {
  region = "us-east-1"
  default_tags {
    tags = {
      Project    = "photo-editor"
      Env        = "prod"
      Owner      = "platform"
      CostCenter = "cc-1"
    }
  }
}

#tfsec:ignore:aws-kms-auto-rotate-keys imported key, rotated by the HSM team
resource "aws_kms_key" "tfsec" {
  enable_key_rotation = false
}

# trivy:ignore:AVD-AWS-0065 reason="rotated by the HSM team"
resource "aws_kms_key" "trivy_avd" {
  enable_key_rotation = false
}

resource "aws_kms_key" "trivy_long" {
  enable_key_rotation = false #trivy:ignore:aws-kms-auto-rotate-keys:exp:2099-01-01 HSM rotation
}

#tfsec:ignore:aws-kms-auto-rotate-keys:exp:2020-01-01 was accepted until 2020
resource "aws_kms_key" "tfsec_expired" {
  enable_key_rotation = false
}

#tfsec:ignore:aws-kms-auto-rotate-keys
resource "aws_kms_key" "tfsec_no_reason" {
  enable_key_rotation = false
}

resource "aws_lambda_function" "checkov" {
  # checkov:skip=CKV_AWS_115:nightly batch, concurrency capped by the scheduler
  function_name = "nightly-batch"
  role          = "arn:aws:iam::123456789012:role/lambda"
  filename      = "batch.zip"
  handler       = "index.handler"
  runtime       = "python3.12"
}

resource "aws_cloudwatch_log_group" "checkov" {
  name              = "/aws/lambda/nightly-batch"
  retention_in_days = 90
}

# CKV_AWS_117 wants every Lambda in a VPC, the opposite of PE007: it silences nothing here.
resource "aws_lambda_function" "presign" {
  # checkov:skip=CKV_AWS_117:not in a VPC on purpose
  function_name                  = "presign-url"
  role                           = "arn:aws:iam::123456789012:role/lambda"
  filename                       = "presign.zip"
  handler                        = "index.handler"
  runtime                        = "python3.12"
  reserved_concurrent_executions = 5
  vpc_config {
    subnet_ids         = ["subnet-1"]
    security_group_ids = ["sg-1"]
  }
}

resource "aws_cloudwatch_log_group" "presign" {
  name              = "/aws/lambda/presign-url"
  retention_in_days = 90
}

variable "environment" {
  default = "prod"
}

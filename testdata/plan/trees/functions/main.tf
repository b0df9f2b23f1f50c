# Lambdas from moritzzimmer/terraform-aws-lambda v7.8.0 behind an HTTP API from
# terraform-aws-modules/apigateway-v2 v4.0.0, a log group from terraform-aws-modules/cloudwatch
# v5.7.2 and a policy from terraform-aws-modules/iam v5.60.0 (testdata/plan/modules).
terraform {
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = ">= 5.82.2"
    }
  }
}

provider "aws" {
  region = "eu-west-1"
  default_tags {
    tags = {
      Project    = "photo-editor"
      Env        = "dev"
      Owner      = "platform"
      CostCenter = "cc-100"
    }
  }
}

# Served by the API through an integration, outside any VPC: passes PE007; its log group keeps
# logs 14 days (dev).
module "thumbs" {
  source                            = "../../modules/terraform-aws-lambda@v7.8.0"
  function_name                     = "pe-thumbs-dev"
  filename                          = "lambda.zip"
  handler                           = "index.handler"
  runtime                           = "nodejs20.x"
  reserved_concurrent_executions    = 5
  cloudwatch_logs_retention_in_days = 14
}

# A worker with no reserved concurrency (fails PE004) and a 7-day log group (fails PE005).
module "worker" {
  source                            = "../../modules/terraform-aws-lambda@v7.8.0"
  function_name                     = "pe-worker-dev"
  filename                          = "lambda.zip"
  handler                           = "index.handler"
  runtime                           = "nodejs20.x"
  cloudwatch_logs_retention_in_days = 7
}

module "api" {
  source                 = "../../modules/terraform-aws-apigateway-v2@v4.0.0"
  name                   = "pe-api-dev"
  create_api_domain_name = false
  create_default_stage   = false
  integrations = {
    "POST /thumbs" = {
      lambda_arn             = module.thumbs.arn
      payload_format_version = "2.0"
    }
  }
}

module "audit_logs" {
  source            = "../../modules/terraform-aws-cloudwatch@v5.7.2/modules/log-group"
  name              = "/pe/audit-dev"
  retention_in_days = 30
}

# Wildcard actions and resources: fails PE008.
module "admin_policy" {
  source = "../../modules/terraform-aws-iam@v5.60.0/modules/iam-policy"
  name   = "pe-admin-dev"
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "s3:*", Resource = "*" }]
  })
}

resource "aws_iam_role" "jobs" {
  name = "pe-jobs-dev"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { Service = "lambda.amazonaws.com" } }]
  })
}

# Invoked by API Gateway through a permission that names it by ARN (known after apply), and
# placed in a VPC: fails PE007.
resource "aws_lambda_function" "jobs" {
  function_name                  = "pe-jobs-dev"
  filename                       = "lambda.zip"
  handler                        = "index.handler"
  runtime                        = "nodejs20.x"
  role                           = aws_iam_role.jobs.arn
  reserved_concurrent_executions = 5
  vpc_config {
    subnet_ids         = ["subnet-0123456789abcdef0"]
    security_group_ids = ["sg-0123456789abcdef0"]
  }
}

resource "aws_cloudwatch_log_group" "jobs" {
  name              = "/aws/lambda/pe-jobs-dev"
  retention_in_days = 14
}

resource "aws_lambda_permission" "jobs_api" {
  statement_id  = "api"
  action        = "lambda:InvokeFunction"
  function_name = aws_lambda_function.jobs.arn
  principal     = "apigateway.amazonaws.com"
}

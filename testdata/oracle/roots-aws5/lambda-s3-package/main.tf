provider "aws" {
  region = "eu-west-1"
}

module "fn" {
  source = "../../modules-aws5/terraform-aws-lambda@v7.8.0"

  function_name = "oracle-thumbnails"
  description   = "makes thumbnails"
  handler       = "index.handler"
  runtime       = "nodejs20.x"
  s3_bucket     = "oracle-artifacts"
  s3_key        = "thumbnails/v1.zip"
  memory_size   = 512
  timeout       = 30
  architectures = ["arm64"]

  reserved_concurrent_executions   = 5
  cloudwatch_logs_retention_in_days = 14

  environment = {
    variables = {
      BUCKET = "oracle-uploads"
      LEVEL  = "info"
    }
  }

  tags = { Service = "thumbnails" }
}

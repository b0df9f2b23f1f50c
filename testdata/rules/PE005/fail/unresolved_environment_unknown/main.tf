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

# No --env and no environment/env/stage/stage_name variable: the environment is unknown,
# so every retention check is unresolved.
resource "aws_cloudwatch_log_group" "app" {
  name              = "/photo-editor/app"
  retention_in_days = 90 # expect-unresolved: PE005 aws_cloudwatch_log_group.app
}

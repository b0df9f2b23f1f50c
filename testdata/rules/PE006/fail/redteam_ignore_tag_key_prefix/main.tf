terraform {
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "5.100.0"
    }
  }
}

# ignore_tags key_prefixes = ["Cost"] drops CostCenter from tags_all (the plan shows three tags),
# so the bucket is deployed without it although default_tags sets it.
provider "aws" {
  region = "us-east-1"

  default_tags {
    tags = { Project = "photo-editor", Env = "prod", Owner = "platform-team", CostCenter = "CC-1042" }
  }

  ignore_tags {
    key_prefixes = ["Cost"]
  }
}

resource "aws_s3_bucket" "uploads" { # expect: PE006 aws_s3_bucket.uploads
  bucket = "photo-editor-uploads"
}

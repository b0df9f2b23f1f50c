provider "aws" {
  region = "eu-west-1"
}

module "bucket" {
  source = "../../modules-aws5/terraform-aws-s3-bucket@v4.11.0"
  bucket = "oracle-s3-defaults"
}

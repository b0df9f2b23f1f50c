provider "aws" {
  region = "eu-west-1"
}

module "topic" {
  source = "../../modules-aws5/terraform-aws-sns@v6.2.1"
  name   = "oracle-defaults"
}

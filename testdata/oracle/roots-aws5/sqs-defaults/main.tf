provider "aws" {
  region = "eu-west-1"
}

module "queue" {
  source = "../../modules-aws5/terraform-aws-sqs@v4.3.1"
  name   = "oracle-defaults"
}

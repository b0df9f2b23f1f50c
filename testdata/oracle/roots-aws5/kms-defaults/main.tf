provider "aws" {
  region = "eu-west-1"
}

module "key" {
  source      = "../../modules-aws5/terraform-aws-kms@v3.1.1"
  description = "oracle default key"
}

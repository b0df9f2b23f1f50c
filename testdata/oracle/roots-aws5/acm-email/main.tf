provider "aws" {
  region = "eu-west-1"
}

module "cert" {
  source = "../../modules-aws5/terraform-aws-acm@v5.2.0"

  domain_name               = "oracle.example.com"
  subject_alternative_names = ["*.oracle.example.com", "api.oracle.example.com"]
  validation_method         = "EMAIL"
  create_route53_records    = false
  wait_for_validation       = false
  key_algorithm             = "EC_prime256v1"

  tags = { Name = "oracle.example.com" }
}

provider "aws" {
  region = "eu-west-1"
}

module "web" {
  source = "../../modules-aws5/terraform-aws-security-group@v5.3.1"

  name        = "oracle-web"
  description = "web servers"
  vpc_id      = "vpc-0123456789abcdef0"

  ingress_cidr_blocks = ["10.10.0.0/16"]
  ingress_rules       = ["https-443-tcp", "http-80-tcp"]
  ingress_with_cidr_blocks = [
    {
      from_port   = 8080
      to_port     = 8090
      protocol    = "tcp"
      description = "User-service ports"
      cidr_blocks = "10.10.0.0/16"
    },
    {
      rule        = "postgresql-tcp"
      cidr_blocks = "0.0.0.0/0"
    },
  ]
  egress_rules = ["all-all"]
}

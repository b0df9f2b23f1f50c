provider "aws" {
  region = "eu-west-1"
}

module "vpc" {
  source = "../../modules-aws5/terraform-aws-vpc@v5.21.0"

  name = "oracle-db"
  cidr = "10.20.0.0/16"

  azs              = ["eu-west-1a", "eu-west-1b"]
  private_subnets  = ["10.20.1.0/24", "10.20.2.0/24"]
  database_subnets = ["10.20.21.0/24", "10.20.22.0/24"]
  intra_subnets    = ["10.20.51.0/24", "10.20.52.0/24"]

  create_database_subnet_group       = true
  create_database_subnet_route_table = true

  private_dedicated_network_acl = true
  private_inbound_acl_rules = [
    {
      rule_number = 100
      rule_action = "allow"
      from_port   = 443
      to_port     = 443
      protocol    = "tcp"
      cidr_block  = "10.20.0.0/16"
    }
  ]

  enable_dns_hostnames = true
  enable_dhcp_options  = true
  dhcp_options_domain_name = "oracle.internal"

  manage_default_security_group = true
  default_security_group_ingress = []
  default_security_group_egress  = []
}

provider "aws" {
  region = "eu-west-1"
}

locals {
  tiers = {
    app = { port = 8080 }
    db  = { port = 5432 }
  }
}

module "sg" {
  source   = "../../modules-aws5/terraform-aws-security-group@v5.3.1"
  for_each = local.tiers

  name            = "oracle-${each.key}"
  use_name_prefix = false
  vpc_id          = "vpc-0123456789abcdef0"

  ingress_with_source_security_group_id = [
    {
      from_port                = each.value.port
      to_port                  = each.value.port
      protocol                 = "tcp"
      description              = "from the load balancer"
      source_security_group_id = "sg-0aaaaaaaaaaaaaaaa"
    }
  ]
  ingress_with_ipv6_cidr_blocks = [
    {
      from_port        = 443
      to_port          = 443
      protocol         = "tcp"
      ipv6_cidr_blocks = "2001:db8::/64"
    }
  ]
  egress_with_cidr_blocks = [
    {
      rule        = "https-443-tcp"
      cidr_blocks = "0.0.0.0/0"
    }
  ]
  tags = { Tier = each.key }
}

provider "aws" {
  region = "eu-west-1"
}

module "http" {
  source = "../../modules-aws5/terraform-aws-security-group@v5.3.1/modules/http-80"

  name                = "oracle-http"
  vpc_id              = "vpc-0123456789abcdef0"
  ingress_cidr_blocks = ["10.0.0.0/8"]
  use_name_prefix     = false
}

module "ssh" {
  source = "../../modules-aws5/terraform-aws-security-group@v5.3.1/modules/ssh"

  name                = "oracle-ssh"
  vpc_id              = "vpc-0123456789abcdef0"
  ingress_cidr_blocks = ["192.168.0.0/24"]
  ingress_with_self   = [{ rule = "all-all" }]
}

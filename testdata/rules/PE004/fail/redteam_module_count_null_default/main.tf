terraform {
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "5.100.0"
    }
  }
}

provider "aws" {
  region = "us-east-1"
}

# Red team: a module called with count whose function has no reservation.
module "fn" {
  source = "./modules/fn"
  count  = 1
}

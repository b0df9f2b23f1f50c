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

variable "environment" {
  type    = string
  default = "prod"
}

# One module instance per service; the "billing" instance gets 365 days.
module "logs" {
  source   = "./modules/logs"
  for_each = { api = 90, billing = 365 }
  name     = each.key
  days     = each.value
}

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

  default_tags {
    tags = {
      Project    = "photo-editor"
      Env        = "prod"
      Owner      = "platform-team"
      CostCenter = "CC-1042"
    }
  }
}

provider "aws" {
  alias  = "billing"
  region = "us-east-1"

  default_tags {
    tags = {
      Project    = "photo-editor"
      Env        = "prod"
      Owner      = "finance"
      CostCenter = "CC-9000"
    }
  }
}

# Inherits the default provider.
module "inherited" {
  source = "./modules/queue"
  name   = "inherited"
}

# Gets the tagged alias through `providers`.
module "mapped" {
  source = "./modules/queue"
  name   = "mapped"
  providers = {
    aws = aws.billing
  }
}

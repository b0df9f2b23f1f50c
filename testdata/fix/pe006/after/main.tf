provider "aws" {
  region = "eu-west-1"
  default_tags {
    tags = {
      Owner      = "team-photos"
      CostCenter = "cc-42"
    }
  }
}

provider "aws" {
  alias  = "west"
  region = "us-west-2"

  default_tags {
    tags = {
      Project    = "photo"
      Env        = "prod"
      CostCenter = "cc-42"
    }
  }
}

provider "aws" {
  alias  = "east"
  region = "us-east-1"
}

locals {
  common = {
    Project = "photo"
    Env     = "prod"
  }
}

# Every resource of the default provider lacks Owner and CostCenter: both go to its
# default_tags, which it does not have yet.
resource "aws_sns_topic" "jobs" {
  name = "jobs"
  tags = {
    Project = "photo"
    Env     = "prod"
  }
}

resource "aws_sns_topic" "merged" {
  name = "merged"
  tags = merge(local.common, {
    Name = "merged"
  })
}

# The west provider: `uploads` has an Owner, so Owner goes to `thumbs` itself; CostCenter goes
# to the provider's default_tags.
resource "aws_sns_topic" "uploads" {
  provider = aws.west
  name     = "uploads"
  tags = {
    Owner = "team-uploads"
  }
}

resource "aws_sns_topic" "thumbs" {
  provider = aws.west
  name     = "thumbs"
  tags = {
    Owner = "team-photos"
  }
}

# The east provider: one topic has every tag, so the others get theirs in their own tags.
resource "aws_sns_topic" "tagged" {
  provider = aws.east
  name     = "tagged"
  tags = {
    Project    = "photo"
    Env        = "prod"
    Owner      = "team-east"
    CostCenter = "cc-1"
  }
}

resource "aws_sns_topic" "east_merged" {
  provider = aws.east
  name     = "east-merged"
  tags = merge(local.common, {
    Name       = "east-merged"
    Owner      = "team-photos"
    CostCenter = "cc-42"
  })
}

# No value is configured for Project: not fixed, and the finding says why.
resource "aws_sns_topic" "no_project" {
  provider = aws.east
  name     = "no-project"
  tags = {
    Env = "prod"
  }
}

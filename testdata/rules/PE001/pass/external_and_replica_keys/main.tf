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

# aws_kms_external_key, aws_kms_replica_key and aws_kms_replica_external_key are never checked.
provider "aws" {
  alias  = "replica"
  region = "eu-west-1"
}

resource "aws_kms_key" "primary" {
  description         = "Multi-Region primary"
  multi_region        = true
  enable_key_rotation = true
}

resource "aws_kms_replica_key" "replica" {
  provider        = aws.replica
  description     = "Replica of the primary key"
  primary_key_arn = aws_kms_key.primary.arn
}

resource "aws_kms_external_key" "imported" {
  description  = "Imported key material"
  multi_region = true
}

resource "aws_kms_replica_external_key" "imported_replica" {
  provider        = aws.replica
  description     = "Replica of the imported key"
  primary_key_arn = aws_kms_external_key.imported.arn
}

# Resources the rules PE001-PE008 read, written through the constructs that make them hard to see
# statically: module for_each with maps of objects, count modules, dynamic blocks, heredoc and
# jsonencode policies, policy documents with wildcard principals, conditionals on variables.
terraform {
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = ">= 5.0, < 6.0"
    }
  }
}

provider "aws" {
  region = var.region
  default_tags {
    tags = {
      CostCenter  = "cc-rules"
      Environment = var.environment
    }
  }
}

variable "region" {
  type    = string
  default = "eu-west-1"
}

variable "environment" {
  type    = string
  default = "prod"
}

variable "buckets" {
  type = map(object({
    public_ok = optional(bool, false)
    versioned = optional(bool, true)
  }))
  default = {
    assets = {}
    site   = { public_ok = true, versioned = false }
  }
}

variable "services" {
  type = map(object({
    memory      = number
    concurrency = optional(number)
    in_vpc      = optional(bool, true)
  }))
  default = {
    api    = { memory = 512, concurrency = 10 }
    worker = { memory = 1024, in_vpc = false }
  }
}

locals {
  retention = { dev = 7, staging = 30, prod = 365 }
  owner     = "team-${var.environment == "prod" ? "ops" : "dev"}"
}

resource "aws_kms_key" "keys" {
  for_each = toset(["data", "logs"])

  description         = "${each.key} key"
  enable_key_rotation = each.key == "data"
  tags                = { Owner = local.owner, Key = each.key }
}

module "bucket" {
  source   = "./modules/bucket"
  for_each = var.buckets

  name      = "rules-${var.environment}-${each.key}"
  public_ok = each.value.public_ok
  versioned = each.value.versioned
  kms_key   = aws_kms_key.keys["data"].arn
  tags      = { Owner = local.owner }
}

module "service" {
  source   = "./modules/service"
  for_each = var.services

  name        = each.key
  memory      = each.value.memory
  concurrency = each.value.concurrency
  subnet_ids  = each.value.in_vpc ? ["subnet-0123456789abcdef0", "subnet-0fedcba9876543210"] : []
  retention   = local.retention[var.environment]
  tags        = { Owner = local.owner, Service = each.key }
}

resource "aws_sqs_queue" "dlq" {
  name                      = "rules-dlq"
  message_retention_seconds = 1209600
  kms_master_key_id         = aws_kms_key.keys["data"].id
}

resource "aws_sqs_queue" "jobs" {
  count = 2

  name              = "rules-jobs-${count.index}"
  kms_master_key_id = aws_kms_key.keys["data"].id
  redrive_policy = count.index == 0 ? jsonencode({
    deadLetterTargetArn = aws_sqs_queue.dlq.arn
    maxReceiveCount     = 3
  }) : null
  tags = { Owner = local.owner }
}

data "aws_iam_policy_document" "public_read" {
  statement {
    sid       = "PublicRead"
    actions   = ["s3:GetObject"]
    resources = ["arn:aws:s3:::rules-${var.environment}-site/*"]
    principals {
      type        = "*"
      identifiers = ["*"]
    }
  }
  statement {
    sid         = "DenyInsecure"
    effect      = "Deny"
    actions     = ["s3:*"]
    resources   = ["arn:aws:s3:::rules-${var.environment}-site", "arn:aws:s3:::rules-${var.environment}-site/*"]
    not_principals {
      type        = "AWS"
      identifiers = ["arn:aws:iam::111122223333:root"]
    }
    condition {
      test     = "Bool"
      variable = "aws:SecureTransport"
      values   = ["false"]
    }
  }
}

resource "aws_iam_policy" "admin" {
  name   = "rules-admin"
  policy = <<-EOF
    {
      "Version": "2012-10-17",
      "Statement": [
        {"Effect": "Allow", "Action": "*", "Resource": "*"},
        {"Effect": "Allow", "NotAction": ["iam:*"], "Resource": "arn:aws:s3:::rules-*"}
      ]
    }
  EOF
}

resource "aws_iam_policy" "public_read" {
  name   = "rules-public-read"
  policy = data.aws_iam_policy_document.public_read.json
}

resource "aws_apigatewayv2_api" "http" {
  name          = "rules-http"
  protocol_type = "HTTP"
  tags          = { Owner = local.owner }
}

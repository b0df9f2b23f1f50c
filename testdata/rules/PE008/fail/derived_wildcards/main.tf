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

# Resources built by functions are judged on what is known of their value: the known text
# decides when it can, else unresolved.
resource "aws_kinesis_stream" "events" {
  name        = "events"
  shard_count = 1
}

variable "partition" {
  type = string
}

variable "region" {
  type = string
}

variable "stream_arn" {
  type = string
}

locals {
  # Whatever the ARN is, the match ends with ":stream/": every stream.
  streams = "${regex("arn:.*:kinesis:.*:stream/", aws_kinesis_stream.events.arn)}*"
}

resource "aws_iam_policy" "regex_prefix" {
  name = "regex_prefix"
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "kinesis:GetRecords", Resource = local.streams }] # expect: PE008 aws_iam_policy.regex_prefix
  })
}

# format() keeps its known text: the partition and region are variables, the id is `volume/*`.
resource "aws_iam_policy" "format_volume" {
  name = "format_volume"
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "ec2:DeleteVolume", Resource = format("arn:%s:ec2:%s:123456789012:volume/*", var.partition, var.region) }] # expect: PE008 aws_iam_policy.format_volume
  })
}

# replace() of a known template: the wildcard is literal.
resource "aws_iam_policy" "replace_name" {
  name = "replace_name"
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "dynamodb:GetItem", Resource = replace("arn:aws:dynamodb:us-east-1:123456789012:table/NAME", "NAME", "*") }] # expect: PE008 aws_iam_policy.replace_name
  })
}

# The regex match followed by a concrete name is one stream: scoped, but the name follows
# an unknown piece that could itself end anywhere, so unresolved.
resource "aws_iam_policy" "regex_named" {
  name = "regex_named"
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "kinesis:GetRecords", Resource = "${regex("arn:.*:kinesis:.*:stream/", aws_kinesis_stream.events.arn)}events" }] # expect-unresolved: PE008 aws_iam_policy.regex_named
  })
}

# replace() on an unknown ARN: whether the pattern matches is unknown.
resource "aws_iam_policy" "replace_unknown" {
  name = "replace_unknown"
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "kinesis:GetRecords", Resource = replace(var.stream_arn, "/stream\\/.*$/", "stream/*") }] # expect-unresolved: PE008 aws_iam_policy.replace_unknown
  })
}

# A variable where the partition goes may hold ":" and shift every field, so the text after
# it is not read field by field: `photo-bucket/*` is unresolved, and so is `arn:${var}`
# (which was "not a complete ARN" when the variable was read as one field).
resource "aws_iam_policy" "shifted" {
  name = "shifted"
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "s3:GetObject", Resource = "arn:${var.partition}:s3:::photo-bucket/*" }] # expect-unresolved: PE008 aws_iam_policy.shifted
  })
}

variable "arn_rest" {
  type = string
}

resource "aws_iam_policy" "arn_rest" {
  name = "arn_rest"
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "s3:GetObject", Resource = "arn:${var.arn_rest}" }] # expect-unresolved: PE008 aws_iam_policy.arn_rest
  })
}

# The fields of a parsed ARN are one field each: the `*` region is literal whatever they are.
data "aws_arn" "group" {
  arn = "arn:aws:logs:us-east-1:123456789012:log-group:/aws/lambda/photo"
}

resource "aws_iam_policy" "parsed_fields" {
  name = "parsed_fields"
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "logs:PutLogEvents", Resource = "arn:${data.aws_arn.group.partition}:${data.aws_arn.group.service}:*:${data.aws_arn.group.account}:${data.aws_arn.group.resource}:*" }] # expect: PE008 aws_iam_policy.parsed_fields
  })
}

# A function of an ARN attribute is not the ARN: the stream name cut off and a wildcard put
# in its place is every stream, and nothing known says so: unresolved, never a pass (before:
# a concrete ARN, passed).
resource "aws_iam_policy" "replaced_arn" {
  name = "replaced_arn"
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "kinesis:GetRecords", Resource = "${replace(aws_kinesis_stream.events.arn, "/events$/", "")}*" }] # expect-unresolved: PE008 aws_iam_policy.replaced_arn
  })
}

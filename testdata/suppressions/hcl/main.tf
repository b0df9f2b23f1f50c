provider "aws" {
  region = "us-east-1"
  default_tags {
    tags = {
      Project    = "photo-editor"
      Env        = "prod"
      Owner      = "platform"
      CostCenter = "cc-1"
    }
  }
}

# Before a block: silences PE001 for the resource, wherever the finding points.
# pe-lint:ignore PE001 reason="legacy key, rotated by hand"
resource "aws_kms_key" "block_scope" {
  description = "legacy"
}

resource "aws_kms_key" "trailing" {
  enable_key_rotation = false # pe-lint:ignore PE001 reason="trailing comment"
}

resource "aws_kms_key" "attr_before" {
  // pe-lint:ignore PE001 reason="line before the attribute" until=2099-12-31
  enable_key_rotation = false
}

# Before a different attribute: the finding is at enable_key_rotation, so it still fails and
# the suppression is unused.
resource "aws_kms_key" "other_attr" {
  # pe-lint:ignore PE001 reason="wrong attribute"
  description         = "x"
  enable_key_rotation = false
}

# pe-lint:ignore PE001 reason="was fine last year" until=2020-01-31
resource "aws_kms_key" "expired" {
  enable_key_rotation = false
}

# pe-lint:ignore PE001
resource "aws_kms_key" "no_reason" {
  enable_key_rotation = false
}

/* pe-lint:ignore PE003, PE006 reason="replay queue, drained by hand" */
resource "aws_sqs_queue" "multi" {
  name = "replay"
  tags = {
    Owner = ""
  }
}

# pe-lint:ignore PE004 reason="nothing to silence here"
resource "aws_kms_key" "unused" {
  enable_key_rotation = true
}

resource "aws_kms_key" "header" { # pe-lint:ignore PE001 reason="header line"
  description = "y"
}

# A string and a heredoc that look like suppressions are not comments.
resource "aws_kms_key" "in_string" {
  description = "# pe-lint:ignore PE001 reason=\"not a comment\""
  policy      = <<EOT
# pe-lint:ignore PE001 reason="not a comment either"
EOT
}

module "twice" {
  source = "../module"
  for_each = toset(["a", "b"])
}

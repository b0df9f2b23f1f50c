resource "aws_dynamodb_table" "jobs" {
  name                        = "${local.name_prefix}-jobs"
  billing_mode                = "PAY_PER_REQUEST"
  hash_key                    = "jobId"
  deletion_protection_enabled = var.environment == "prod"

  attribute {
    name = "jobId"
    type = "S"
  }

  attribute {
    name = "batchId"
    type = "S"
  }

  global_secondary_index {
    name            = "batchId-index"
    hash_key        = "batchId"
    projection_type = "ALL"
  }

  ttl {
    attribute_name = "expiresAt"
    enabled        = true
  }

  point_in_time_recovery {
    enabled = true
  }

  server_side_encryption {
    enabled     = true
    kms_key_arn = module.kms.main_key_arn
  }

  tags = merge(local.common_tags, { DataClassification = "confidential", Backup = "pitr" })
}

resource "aws_dynamodb_table" "batches" {
  name                        = "${local.name_prefix}-batches"
  billing_mode                = "PAY_PER_REQUEST"
  hash_key                    = "batchId"
  deletion_protection_enabled = var.environment == "prod"

  attribute {
    name = "batchId"
    type = "S"
  }

  ttl {
    attribute_name = "expiresAt"
    enabled        = true
  }

  point_in_time_recovery {
    enabled = true
  }

  server_side_encryption {
    enabled     = true
    kms_key_arn = module.kms.main_key_arn
  }

  tags = merge(local.common_tags, { DataClassification = "confidential", Backup = "pitr" })
}

provider "aws" {
  region = "eu-west-1"
}

module "table" {
  source = "../../modules-aws5/terraform-aws-dynamodb-table@v4.4.0"

  name      = "oracle-orders"
  hash_key  = "id"
  range_key = "title"
  table_class = "STANDARD"
  deletion_protection_enabled = true
  point_in_time_recovery_enabled = true

  attributes = [
    { name = "id", type = "N" },
    { name = "title", type = "S" },
    { name = "age", type = "N" },
  ]

  global_secondary_indexes = [
    {
      name               = "TitleIndex"
      hash_key           = "title"
      range_key          = "age"
      projection_type    = "INCLUDE"
      non_key_attributes = ["id"]
    }
  ]

  server_side_encryption_enabled = true
  ttl_enabled        = true
  ttl_attribute_name = "expires"

  tags = { Table = "orders" }
}

provider "aws" {
  region = "eu-west-1"
}

module "table" {
  source = "../../modules-aws5/terraform-aws-dynamodb-table@v4.4.0"

  name                = "oracle-provisioned"
  hash_key            = "pk"
  billing_mode        = "PROVISIONED"
  read_capacity       = 5
  write_capacity      = 5
  autoscaling_enabled = true
  stream_enabled      = true
  stream_view_type    = "NEW_AND_OLD_IMAGES"

  autoscaling_read = {
    scale_in_cooldown  = 50
    scale_out_cooldown = 40
    target_value       = 45
    max_capacity       = 10
  }

  autoscaling_write = {
    scale_in_cooldown  = 50
    scale_out_cooldown = 40
    target_value       = 45
    max_capacity       = 10
  }

  attributes = [
    { name = "pk", type = "S" },
    { name = "sk", type = "S" },
  ]

  global_secondary_indexes = [
    {
      name            = "BySk"
      hash_key        = "sk"
      projection_type = "ALL"
      write_capacity  = 5
      read_capacity   = 5
    }
  ]

  autoscaling_indexes = {
    BySk = {
      read_max_capacity  = 30
      read_min_capacity  = 10
      write_max_capacity = 30
      write_min_capacity = 10
    }
  }
}

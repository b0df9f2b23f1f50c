# A new argument joins the aligned group right above it, as `terraform fmt` does.
resource "aws_kms_key" "short_group" {
  description         = "a"
  is_enabled          = true
  enable_key_rotation = true
}

resource "aws_kms_key" "after_a_comment" {
  description = "b"
  # the group above ends at this comment
  key_usage           = "ENCRYPT_DECRYPT"
  enable_key_rotation = true
}

resource "aws_kms_key" "after_a_heredoc" {
  description         = "c"
  policy              = <<-EOT
    {"Version": "2012-10-17", "Statement": []}
  EOT
  enable_key_rotation = true
}

resource "aws_kms_key" "after_a_blank_line" {
  deletion_window_in_days = 7

  description         = "d"
  enable_key_rotation = true
}

resource "aws_kms_key" "longer_group" {
  deletion_window_in_days            = 7
  bypass_policy_lockout_safety_check = false
  enable_key_rotation                = true
}

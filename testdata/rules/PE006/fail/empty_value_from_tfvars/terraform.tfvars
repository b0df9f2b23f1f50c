default_tags = {
  Project    = "photo-editor"
  Env        = "prod"
  Owner      = ""
  CostCenter = "CC-1042"
}

autofix {
  tags = {
    Owner      = "team-photos"
    CostCenter = "cc-42"
  }
}

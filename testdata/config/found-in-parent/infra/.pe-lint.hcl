rule "PE001" {
  enabled = false
}

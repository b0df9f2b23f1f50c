enviroment = "prod"
fail_on    = 1

rule "PE05" {
  enabled = true
}

retention_days = { prod = 90, qa = 7 }
exclude        = ["[abc"]

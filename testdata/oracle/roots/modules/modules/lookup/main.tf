variable "teams" {
  type = set(string)
}

locals {
  sizes = { payments = 3, search = 1 }
}

output "team_names" {
  value = sort(tolist(var.teams))
}

output "team_settings" {
  value = { for t in var.teams : t => { size = local.sizes[t], fifo = t == "payments" } }
}

p_auto         = "from-a.auto.tfvars"
p_auto_json    = "from-a.auto.tfvars"
p_var_file     = "from-a.auto.tfvars"
p_var          = "from-a.auto.tfvars"
retention_days = "90"
rotate         = "true"
queues = {
  orders   = { delay = 5 }
  payments = { fifo = true }
  disabled = { enabled = false }
}
ingress = [
  { port = 443, cidrs = ["10.0.0.0/16", "10.1.0.0/16"] },
  { port = 8443, cidrs = ["192.168.0.0/24"], desc = "admin" },
]

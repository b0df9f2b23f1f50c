p_var_file  = "from-extra.tfvars"
p_var       = "from-extra.tfvars"
cost_center = "cc-42"

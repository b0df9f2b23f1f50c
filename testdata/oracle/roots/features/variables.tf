variable "environment" {
  type    = string
  default = "default-env"
}

variable "cost_center" {
  type    = string
  default = "cc-default"
}

# Precedence: default < terraform.tfvars < terraform.tfvars.json < a.auto.tfvars < b.auto.tfvars.json
# < -var-file < -var (see case.json).
variable "p_default" {
  default = "from-default"
}
variable "p_tfvars" {
  default = "from-default"
}
variable "p_tfvars_json" {
  default = "from-default"
}
variable "p_auto" {
  default = "from-default"
}
variable "p_auto_json" {
  default = "from-default"
}
variable "p_var_file" {
  default = "from-default"
}
variable "p_var" {
  default = "from-default"
}

variable "retention_days" {
  type    = number
  default = 30
}

variable "rotate" {
  type    = bool
  default = false
}

variable "queues" {
  type = map(object({
    delay   = optional(number, 0)
    fifo    = optional(bool, false)
    enabled = optional(bool, true)
  }))
  default = {}
}

variable "ingress" {
  type = list(object({
    port  = number
    cidrs = list(string)
    desc  = optional(string, "managed")
  }))
  default = []
}

variable "team_members" {
  type    = list(string)
  default = ["alice", "bob"]
}

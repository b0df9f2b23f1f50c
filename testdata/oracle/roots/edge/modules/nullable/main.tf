variable "nullable_default" {
  type    = string
  default = "default-used"
}

variable "not_nullable" {
  type     = string
  default  = "default-used"
  nullable = false
}

variable "obj" {
  type = object({
    a = string
    b = optional(string, "b-default")
    c = optional(list(string), [])
  })
  default = { a = "x" }
}

resource "aws_ssm_parameter" "v" {
  name  = "/edge/nullable/${var.obj.a}"
  type  = "String"
  value = jsonencode([coalesce(var.nullable_default, "was-null"), var.not_nullable, var.obj])
}

output "value" {
  value = aws_ssm_parameter.v.value
}

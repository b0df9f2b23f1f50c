variable "name" {
  type = string
}

resource "aws_kms_key" "this" { # expect: PE001 module.a.aws_kms_key.this # expect: PE001 module.b.aws_kms_key.this # expect: PE001 module.c[0].aws_kms_key.this
  description = "module key ${var.name}"
}

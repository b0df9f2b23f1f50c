# Every way out of the tree is refused; nothing read outside may reach a report.
locals {
  passwd    = file("/etc/passwd")
  up        = file("../../..")
  up_passwd = file("${path.module}/../../../../../../../../etc/passwd")
  exists    = fileexists("/etc/passwd")
  template  = templatefile("/etc/passwd", {})
  b64       = filebase64("/etc/passwd")
  sum       = filesha256("/etc/passwd")
  set       = fileset("/etc", "*")
}

resource "aws_kms_key" "k" {
  description         = local.passwd
  enable_key_rotation = local.exists
  tags = {
    Project    = local.up_passwd
    Env        = local.template
    Owner      = local.b64
    CostCenter = jsonencode(local.set)
  }
}

# café
locals {
  name = "café"
}

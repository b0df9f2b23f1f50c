locals {
  a = €
}

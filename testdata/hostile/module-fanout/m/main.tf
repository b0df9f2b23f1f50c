module "n" {
  source = "./n"
  count  = 10000
}

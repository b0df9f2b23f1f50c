module "m" {
  source = "./m"
  count  = 10000
}

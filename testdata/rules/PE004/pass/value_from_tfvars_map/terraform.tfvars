reserved_concurrency = {
  api = 100
}

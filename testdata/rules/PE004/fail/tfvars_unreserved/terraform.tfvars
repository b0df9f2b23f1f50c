reserved_concurrency = {
  api = -1
}

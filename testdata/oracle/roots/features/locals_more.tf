locals {
  project = "oracle"
  owner   = upper(substr(local.team, 0, 8))
  team    = "platform-team"

  cidrs = flatten([for r in var.ingress : r.cidrs])

  # Function results, each written to an SSM parameter so that Terraform shows its value.
  fn = {
    format      = format("%s-%03d-%.2f-%q", "a", 7, 3.14159, "q")
    formatlist  = join(",", formatlist("%s=%d", ["a", "b"], [1, 2]))
    join_split  = join("|", split(",", "x,y,,z"))
    case        = "${lower("MiXeD")}/${upper("MiXeD")}/${title("hello world")}"
    replace     = replace("a-b_c", "/[-_]/", ".")
    replace_lit = replace("1.2.3", ".", "")
    substr      = substr("terraform", 2, 4)
    trims       = "${trimspace("  x  ")}${trimprefix("prefix-y", "prefix-")}${trimsuffix("z-suffix", "-suffix")}${trim("--w--", "-")}"
    chomp       = chomp("line\n")
    predicates  = jsonencode([startswith("abc", "ab"), endswith("abc", "bc"), strcontains("abc", "d")])
    regex       = regex("[0-9]+", "abc123def")
    regexall    = jsonencode(regexall("[a-z]+", "ab1cd2ef"))
    collections = jsonencode({
      concat   = concat([1], [2, 3])
      merge    = merge({ a = 1 }, { b = 2 }, { a = 3 })
      lookup   = lookup({ a = "x" }, "b", "dflt")
      element  = element(["a", "b", "c"], 4)
      index    = index(["a", "b"], "b")
      keys     = keys({ b = 1, a = 2 })
      values   = values({ b = 1, a = 2 })
      length   = length("héllo")
      contains = contains(["a"], "a")
      distinct = distinct([1, 2, 1, 3])
      compact  = compact(["a", "", "b"])
      coalesce = coalesce("", "second")
      one      = one(["only"])
      range    = range(1, 10, 3)
      reverse  = reverse([1, 2, 3])
      slice    = slice(["a", "b", "c", "d"], 1, 3)
      sort     = sort(["b", "c", "a"])
      sum      = sum([1, 2, 3.5])
      setunion = sort(setunion(["a"], ["b", "a"]))
      zipmap   = zipmap(["k1", "k2"], ["v1", "v2"])
      transpose = transpose({ a = ["1", "2"], b = ["2"] })
      alltrue  = alltrue([true, true])
      anytrue  = anytrue([false])
      minmax   = [min(3, 1, 2), max(3, 1, 2), ceil(1.2), floor(1.8), abs(-4)]
    })
    encoding = "${base64encode("hello")}|${urlencode("a b&c")}|${base64decode("aGk=")}"
    hashes   = "${md5("x")}|${sha1("x")}|${sha256("x")}"
    cidr     = "${cidrsubnet("10.0.0.0/16", 8, 2)}|${cidrhost("10.0.0.0/24", 5)}|${cidrnetmask("10.0.0.0/20")}"
    yaml     = yamlencode({ a = [1, 2], b = "c" })
    tostring = tostring(42)
    tonumber = tonumber("3") + 1
    try      = try(local.missing_map["nope"], "fallback")
    can      = can(regex("^[a-z]+$", "abc")) ? "yes" : "no"
    template = "%{for i, m in var.team_members}${i > 0 ? "," : ""}${m}%{endfor}%{if var.environment == "staging"} (staging)%{else} (other)%{endif}"
    splat    = join(",", aws_sqs_queue.numbered[*].name)
    grouped  = jsonencode(local.queues_by_kind)
    heredoc  = <<-EOT
      indented heredoc
        keeps relative indent
      for ${var.environment}
    EOT
  }
  missing_map = {}
}

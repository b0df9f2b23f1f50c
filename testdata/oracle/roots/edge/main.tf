# Corner cases of expressions and functions, each written to an SSM parameter so that the plan
# shows Terraform's own result.
terraform {
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = ">= 5.0, < 6.0"
    }
  }
}

provider "aws" {
  region = "eu-west-1"
}

variable "numbers_as_strings" {
  type    = list(string)
  default = [1, 2.5, true]
}

variable "settings" {
  type = object({
    name = string
    tier = optional(string, "basic")
    limits = optional(object({
      cpu    = optional(number, 1)
      memory = optional(number, 512)
    }), {})
  })
  default = { name = "svc" }
}

locals {
  e = {
    escapes     = "$${literal} %%{literal} \u00e9 tab:\t."
    strip       = "a %{~ if true ~} b %{~ endif ~} c"
    heredoc_raw = <<EOT
  keeps
    indentation ${upper("x")}
EOT
    float_add   = tostring(0.1 + 0.2)
    float_div   = tostring(10 / 3)
    float_json  = jsonencode([0.5, 1e3, 1.5e-7, -0.0, 100000000000000000000])
    int_mult    = tostring(3 * 1.1)
    mixed_cond  = jsonencode(true ? 1 : "a")
    mod_neg     = tostring(-7 % 3)
    format      = format("%5.2f|%-5s|%05d|%x|%o|%e|%t|%v|%#v", 3.14159, "ab", 42, 255, 8, 12345.678, true, [1, "a"], { a = 1 })
    regex_named = jsonencode(regex("(?P<user>[a-z]+)@(?P<host>[a-z.]+)", "bob@example.com"))
    regex_group = jsonencode(regex("([0-9]+)-([0-9]+)", "10-20"))
    replace_cap = replace("2024-01-31", "/(\\d+)-(\\d+)-(\\d+)/", "$3.$2.$1")
    strrev      = strrev("abc")
    indent      = indent(2, "a\nb\nc")
    join_nums   = join(",", [1, 2.5, true])
    split_empty = jsonencode(split(",", ""))
    set_order   = jsonencode(tolist(toset(["b", "a", "c", "a"])))
    set_numbers = jsonencode(tolist(toset([10, 2, 33])))
    keys_obj    = jsonencode(keys({ zeta = 1, alpha = 2, Beta = 3 }))
    sort_strs   = jsonencode(sort(["10", "9", "1"]))
    merge_null  = jsonencode(merge({ a = 1, b = 2 }, { b = null }))
    lookup_def  = lookup({ a = "x" }, "z", "default")
    splat_null  = jsonencode(length(null[*]))
    one_empty   = jsonencode(one([]))
    coalescel   = jsonencode(coalescelist([], ["x"]))
    chunklist   = jsonencode(chunklist([1, 2, 3, 4, 5], 2))
    setproduct  = jsonencode(setproduct(["a", "b"], [1, 2]))
    matchkeys   = jsonencode(matchkeys(["i-1", "i-2"], ["us", "eu"], ["eu"]))
    tomap       = jsonencode(tomap({ a = 1, b = "2" }))
    parseint    = tostring(parseint("ff", 16))
    math        = jsonencode([pow(2, 10), log(8, 2), signum(-3), ceil(-1.5), floor(-1.5)])
    cidrsubnets = jsonencode(cidrsubnets("10.1.0.0/16", 4, 4, 8))
    timeadd     = timeadd("2024-01-01T00:00:00Z", "90m")
    formatdate  = formatdate("YYYY-MM-DD hh:mm:ss ZZZ", "2024-02-29T13:04:05Z")
    yamldecode  = jsonencode(yamldecode("a: [1, 2]\nb: {c: yes}\n"))
    csvdecode   = jsonencode(csvdecode("a,b\n1,2\n3,4\n"))
    jsondecode  = jsonencode(jsondecode("{\"x\": [1, {\"y\": null}], \"z\": 1.50}"))
    conv_list   = jsonencode(var.numbers_as_strings)
    optional    = jsonencode(var.settings)
    for_map     = jsonencode({ for k, v in { b = 2, a = 1 } : upper(k) => v * 10 })
    for_list    = jsonencode([for i, v in ["x", "y"] : "${i}:${v}"])
    for_set     = jsonencode([for s in toset(["q", "p"]) : s])
    nested_for  = jsonencode(flatten([for a in [1, 2] : [for b in ["x", "y"] : "${a}${b}"]]))
    try_types   = jsonencode(try(tonumber("abc"), "not a number"))
    tostr_bool  = tostring(false)
    element_neg = try(element(["a", "b"], -1), "no negative")
    substr_neg  = substr("hello", -3, -1)
    title_utf8  = title("élan vital")
    upper_utf8  = upper("straße")
    length_str  = tostring(length("👍🏽"))
    trim_space  = trimspace("\t x \n")
    sha512      = sha512("x")
    uuidv5      = uuidv5("dns", "example.com")
    b64sha256   = base64sha256("x")
    urlencode   = urlencode("a/b?c=d&e=ü")
    templ_str   = "%{for k, v in { b = 2, a = 1 }}${k}=${v};%{endfor}"
  }
}

resource "aws_ssm_parameter" "e" {
  for_each = local.e

  name  = "/edge/${each.key}"
  type  = "String"
  value = each.value
}

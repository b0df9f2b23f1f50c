//! Issue 19, "what Terraform computes": each expectation below is what `terraform plan`
//! (Terraform 1.x, AWS provider 5.100, through `tf-plan-json`) planned for the same
//! configuration, not what seemed right.

use std::path::Path;

use pe_lint::internals::lint::{load, Loaded, Options};
use pe_lint::internals::terraform::Value;

use crate::common::git_tree;

fn eval_with(dir: &Path, opts: impl FnOnce(&mut Options)) -> Loaded {
    let mut o = Options::new(vec![dir.to_path_buf()]);
    opts(&mut o);
    load(&o)
}

fn eval(dir: &Path) -> Loaded {
    eval_with(dir, |_| {})
}

const PRELUDE: &str = r#"
locals {
  m = { z = 1 }
  s = toset(["alias/x"])
  l = ["alias/x", "alias/y"]
}
variable "set" {
  type    = set(string)
  default = ["q", "p"]
}
"#;

/// The `tags` of `aws_sqs_queue.q` in a root whose only file is `main.tf` with `tags`.
fn tags_of(tags: &str) -> (Loaded, Value) {
    let dir = git_tree(&[(
        "main.tf",
        &format!("{PRELUDE}resource \"aws_sqs_queue\" \"q\" {{\n  name = \"q\"\n  tags = {{\n{tags}\n  }}\n}}\n"),
    )]);
    let l = eval(dir.path());
    let v = l
        .model
        .instances()
        .find(|i| i.address == "aws_sqs_queue.q")
        .and_then(|i| i.attr("tags"))
        .expect("aws_sqs_queue.q has tags");
    (l, v)
}

fn tag(tags: &Value, key: &str) -> Value {
    tags.get(key)
        .unwrap_or_else(|| panic!("no tag {key} in {tags:?}"))
}

fn s(v: &str) -> Value {
    Value::string(v)
}

fn diag_codes(l: &Loaded) -> Vec<String> {
    l.diagnostics
        .iter()
        .map(|d| format!("{}: {}", d.code, d.message))
        .collect()
}

/// Item 11: the key of a `for` over a set is the element (Terraform planned
/// `{"a":"a","b":"b"}` and `["alias/x"]`), also for a set that comes through a local or a
/// `set(string)` variable; a list stays indexed by position.
#[test]
fn for_over_a_set_binds_the_element_as_key() {
    let (_, t) = tags_of(
        r#"    a = jsonencode({ for k, v in toset(["b", "a"]) : k => v })
    b = jsonencode([for k, v in local.s : k])
    c = jsonencode([for k, v in local.l : k])
    d = jsonencode([for k, v in var.set : k])
    e = jsonencode([for k, v in setunion(["x"], ["w"]) : k])
    f = join(",", [for k, v in toset(["c"]) : "${k}=${v}"])"#,
    );
    assert_eq!(tag(&t, "a"), s(r#"{"a":"a","b":"b"}"#));
    assert_eq!(tag(&t, "b"), s(r#"["alias/x"]"#));
    assert_eq!(tag(&t, "c"), s(r#"[0,1]"#));
    assert_eq!(tag(&t, "d"), s(r#"["p","q"]"#));
    assert_eq!(tag(&t, "e"), s(r#"["w","x"]"#));
    assert_eq!(tag(&t, "f"), s("c=c"));
}

/// Item 12: errors caught by an inner `try` belong to it alone. Terraform planned `""`,
/// `"-dlq"` (the sqs module's DLQ name), `"a"`, and `can(try(bad, 1))` is true.
#[test]
fn nested_try_keeps_its_errors_to_itself() {
    let (l, t) = tags_of(
        r#"    a = try(try(trimsuffix(null, ".fifo"), ""), "outer")
    b = try(local.m.x, try(local.m.y, null) == null ? "a" : "b")
    c = try("${try(trimsuffix(null, ".fifo"), "")}-dlq", "x")
    d = tostring(can(try(local.m.x, 1)))"#,
    );
    assert_eq!(tag(&t, "a"), s(""));
    assert_eq!(tag(&t, "b"), s("a"));
    assert_eq!(tag(&t, "c"), s("-dlq"));
    assert_eq!(tag(&t, "d"), s("true"));
    assert_eq!(diag_codes(&l), Vec::<String>::new());
}

/// Item 13: Terraform's numbers are arbitrary-precision. pe-lint's are 64-bit floats, so a
/// value they cannot hold exactly is unresolved, never a different number (Terraform planned
/// "1", "false" and "123456789012345678901" for a, b and c). Formatting as Terraform's plan:
/// `jsonencode(1e21)` is "1000000000000000000000" and `tostring(-0)` is "-0".
#[test]
fn numbers_are_exact_or_unresolved() {
    let (_, t) = tags_of(
        r#"    a = 9007199254740993 - 9007199254740992
    b = tostring(9007199254740993 == 9007199254740992)
    c = parseint("123456789012345678901", 10)
    d = jsonencode(1e21)
    e = tostring(-0)
    f = jsonencode(1e20)
    g = parseint("9007199254740992", 10)
    h = parseint("-0", 10)
    i = tostring(0 * -1)
    j = jsonencode(-0)
    k = tostring(0.30000000000000001)"#,
    );
    for k in ["a", "b", "c", "k"] {
        assert!(tag(&t, k).is_unknown(), "{k}: {:?}", tag(&t, k));
    }
    assert_eq!(tag(&t, "d"), s("1000000000000000000000"));
    assert_eq!(tag(&t, "e"), s("-0"));
    assert_eq!(tag(&t, "f"), s("100000000000000000000"));
    assert_eq!(tag(&t, "g"), Value::Number(9007199254740992.0));
    assert_eq!(tag(&t, "h"), Value::Number(0.0));
    assert_eq!(tag(&t, "i"), s("-0"));
    assert_eq!(tag(&t, "j"), s("-0"));
}

/// Item 14: Go's RE2 classes are ASCII-only and Go maps case one rune to one rune.
/// Every expectation is Terraform's plan of the same expression.
#[test]
fn strings_and_regular_expressions_follow_go() {
    let (_, t) = tags_of(
        r#"    a = replace("s3:GetObjectβ", "/\\W$/", "*")
    b = replace("aβb", "/\\w/", "X")
    c = jsonencode(regexall("\\d", "1٣2"))
    d = lower("ǅ İ")
    e = title("hello ǆworld")
    f = upper("ᾀ ß ᾳ")
    g = replace("aβ b", "/\\b/", "|")
    h = replace("a\u00a0b", "/\\s/", "_")
    i = replace("β_x", "/[\\w]/", "-")
    j = title("ǳx ᾀy")"#,
    );
    assert_eq!(tag(&t, "a"), s("s3:GetObject*"));
    assert_eq!(tag(&t, "b"), s("XβX"));
    assert_eq!(tag(&t, "c"), s(r#"["1","2"]"#));
    assert_eq!(tag(&t, "d"), s("ǆ i"));
    assert_eq!(tag(&t, "e"), s("Hello ǅworld"));
    assert_eq!(tag(&t, "f"), s("ᾈ ß ᾼ"));
    assert_eq!(tag(&t, "g"), s("|a|β |b|"));
    assert_eq!(tag(&t, "h"), s("a\u{a0}b"));
    assert_eq!(tag(&t, "i"), s("β--"));
    assert_eq!(tag(&t, "j"), s("ǲx ᾈy"));
}

const FILESET_TREE: &[(&str, &str)] = &[
    ("templates/a.json", "{}\n"),
    ("templates/b.tpl", "x\n"),
    ("templates/sub/c.json", "{}\n"),
    ("templates/.hidden.json", "{}\n"),
];

/// Item 15: `fileset()` lists regular files relative to its path, sorted, dot files included,
/// `**` across folders, `{a,b}` alternatives; keyed by the file name in `for_each` and `for`.
/// Expected values are Terraform's plan of the same tree.
#[test]
fn fileset_lists_files_as_terraform_does() {
    let mut files: Vec<(&str, &str)> = FILESET_TREE.to_vec();
    let main = format!(
        "{PRELUDE}{}",
        r#"resource "aws_sqs_queue" "q" {
  name = "q"
  tags = {
    h = jsonencode(fileset(path.module, "templates/**/*.json"))
    i = jsonencode(fileset("${path.module}/templates", "*"))
    j = jsonencode([for k, v in fileset(path.module, "templates/*.json") : k])
    k = jsonencode(fileset(path.module, "templates/{a,b}.*"))
    l = jsonencode(fileset(path.module, "nothing/*"))
  }
}
resource "aws_sqs_queue" "per_file" {
  for_each = fileset(path.module, "templates/**")
  name     = replace(each.key, "/", "-")
}
"#
    );
    files.push(("main.tf", &main));
    let dir = git_tree(&files);
    let l = eval(dir.path());
    let t = l
        .model
        .instances()
        .find(|i| i.address == "aws_sqs_queue.q")
        .and_then(|i| i.attr("tags"))
        .unwrap();
    assert_eq!(
        tag(&t, "h"),
        s(r#"["templates/.hidden.json","templates/a.json","templates/sub/c.json"]"#)
    );
    assert_eq!(tag(&t, "i"), s(r#"[".hidden.json","a.json","b.tpl"]"#));
    assert_eq!(
        tag(&t, "j"),
        s(r#"["templates/.hidden.json","templates/a.json"]"#)
    );
    assert_eq!(tag(&t, "k"), s(r#"["templates/a.json","templates/b.tpl"]"#));
    assert_eq!(tag(&t, "l"), s("[]"));
    let mut per_file: Vec<String> = l
        .model
        .instances()
        .filter(|i| i.address.starts_with("aws_sqs_queue.per_file"))
        .map(|i| i.address.clone())
        .collect();
    per_file.sort();
    assert_eq!(
        per_file,
        [
            r#"aws_sqs_queue.per_file["templates/.hidden.json"]"#,
            r#"aws_sqs_queue.per_file["templates/a.json"]"#,
            r#"aws_sqs_queue.per_file["templates/b.tpl"]"#,
            r#"aws_sqs_queue.per_file["templates/sub/c.json"]"#,
        ]
    );
    assert_eq!(diag_codes(&l), Vec::<String>::new());
}

/// Item 15, bypasses: a path outside the tree, `..` in the pattern, or a link in the tree
/// that points out of it never lists outside files: unresolved, with a file-access warning.
#[test]
fn fileset_stays_inside_the_tree() {
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("secret.json"), "{}").unwrap();
    let main = format!(
        "{PRELUDE}resource \"aws_sqs_queue\" \"q\" {{\n  name = \"q\"\n  tags = {{\n    a = jsonencode(fileset(\"{0}\", \"*\"))\n    b = jsonencode(fileset(path.module, \"../**\"))\n    c = jsonencode(fileset(path.module, \"link/*\"))\n  }}\n}}\n",
        outside.path().display()
    );
    let dir = git_tree(&[("main.tf", &main)]);
    std::os::unix::fs::symlink(outside.path(), dir.path().join("link")).unwrap();
    let l = eval(dir.path());
    let t = l
        .model
        .instances()
        .find(|i| i.address == "aws_sqs_queue.q")
        .and_then(|i| i.attr("tags"))
        .unwrap();
    for k in ["a", "b", "c"] {
        let v = tag(&t, k);
        assert!(
            !v.is_wholly_known() && !format!("{v:?}").contains("secret"),
            "{k}: {v:?}"
        );
    }
    let warnings = l
        .diagnostics
        .iter()
        .filter(|d| d.code == "file-access")
        .count();
    assert_eq!(warnings, 3, "{:?}", diag_codes(&l));
}

/// Item 16: a `dynamic` block whose `for_each` is unknown makes the blocks of its type
/// unknown (how many exist is known only after apply), even next to a static block of the
/// same type; a known `for_each` still expands.
#[test]
fn dynamic_block_with_unknown_for_each_is_unknown() {
    let dir = git_tree(&[(
        "main.tf",
        r#"
variable "ports" {
  type = list(number)
}
resource "aws_security_group" "sg" {
  ingress {
    from_port = 22
  }
  dynamic "ingress" {
    for_each = var.ports
    content {
      from_port = ingress.value
    }
  }
  dynamic "egress" {
    for_each = toset(["b", "a"])
    content {
      description = egress.key
    }
  }
}
"#,
    )]);
    let l = eval(dir.path());
    let sg = l
        .model
        .instances()
        .find(|i| i.address == "aws_security_group.sg")
        .unwrap();
    assert!(
        sg.attr("ingress").unwrap().is_unknown(),
        "{:?}",
        sg.attr("ingress")
    );
    let egress: Vec<Value> = sg
        .attr("egress")
        .unwrap()
        .as_list()
        .unwrap()
        .iter()
        .map(|b| b.get("description").unwrap())
        .collect();
    assert_eq!(egress, vec![s("a"), s("b")]);
}

const API_LAMBDA_WITH_DYNAMIC_VPC: &str = r#"
variable "vpc" {
  type = any
}
resource "aws_lambda_function" "orders" {
  function_name = "orders-handler"
  role          = "arn:aws:iam::123456789012:role/lambda"
  filename      = "orders.zip"
  handler       = "index.handler"
  runtime       = "nodejs20.x"
  dynamic "vpc_config" {
    for_each = var.vpc
    content {
      subnet_ids         = ["subnet-0a1b2c3d4e5f60718"]
      security_group_ids = ["sg-0a1b2c3d4e5f60718"]
    }
  }
}
resource "aws_lambda_permission" "orders" {
  statement_id  = "AllowApiGateway"
  action        = "lambda:InvokeFunction"
  function_name = aws_lambda_function.orders.function_name
  principal     = "apigateway.amazonaws.com"
}
"#;

/// Item 16 through a rule: PE007 on an API Lambda whose `vpc_config` exists only if the
/// unknown `var.vpc` has elements is unresolved, not a failure of a block that may not exist;
/// with one element it fails and with `var.vpc = []` it passes (passes are not findings).
#[test]
fn rule_on_a_dynamic_block_with_unknown_for_each_is_unresolved() {
    let dir = git_tree(&[("main.tf", API_LAMBDA_WITH_DYNAMIC_VPC)]);
    let verdicts = || {
        let args = [dir.path().to_str().unwrap()];
        let (v, _) = crate::common::json_run(&mut crate::common::pe_lint(), &args);
        v["findings"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|f| f["rule_id"] == "PE007")
            .map(|f| format!("{} {} {}", f["status"], f["resource"], f["line"]))
            .collect::<Vec<_>>()
    };
    assert_eq!(
        verdicts(),
        // At the dynamic block that may or may not make a vpc_config.
        [r#""unresolved" "aws_lambda_function.orders" 11"#]
    );
    std::fs::write(dir.path().join("terraform.tfvars"), "vpc = [1]\n").unwrap();
    assert_eq!(verdicts(), [r#""fail" "aws_lambda_function.orders" 11"#]);
    std::fs::write(dir.path().join("terraform.tfvars"), "vpc = []\n").unwrap();
    assert_eq!(verdicts(), Vec::<String>::new());
}

const VALIDATED: &str = r#"
variable "environment" {
  type    = string
  default = "qa"
  validation {
    condition     = contains(["dev", "staging", "prod"], var.environment)
    error_message = "environment must be dev, staging or prod."
  }
}
variable "unknown" {
  type = string
  validation {
    condition     = length(var.unknown) > 3
    error_message = "too short."
  }
}
variable "unsupported" {
  type    = string
  default = "x"
  validation {
    condition     = no_such_function(var.unsupported)
    error_message = "cannot be evaluated."
  }
}
module "child" {
  source = "./child"
  name   = "ab"
}
"#;

const VALIDATED_CHILD: &str = r#"variable "name" {
  type = string
  validation {
    condition     = length(var.name) >= 3
    error_message = "name needs 3 characters."
  }
}
"#;

/// Item 10: a `validation` block whose condition is false is an error at the condition
/// (file:line), exit 2, as `terraform plan` stops there; in a child module too. A condition
/// on an unknown value, or one pe-lint cannot evaluate, is not an error.
#[test]
fn failing_variable_validation_is_an_error() {
    let dir = git_tree(&[("main.tf", VALIDATED), ("child/main.tf", VALIDATED_CHILD)]);
    let run = || crate::common::json_run(crate::common::pe_lint().current_dir(dir.path()), &["."]);
    let (v, code) = run();
    let diags: Vec<String> = v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["code"] == "invalid-variable")
        .map(|d| {
            format!(
                "{} {}:{} {}",
                d["severity"], d["file"], d["line"], d["message"]
            )
        })
        .collect();
    assert_eq!(
        diags,
        [
            r#""error" "child/main.tf":4 "invalid value for variable \"name\" of module.child: name needs 3 characters.""#,
            r#""error" "main.tf":6 "invalid value for variable \"environment\": environment must be dev, staging or prod.""#,
        ]
    );
    assert_eq!(code, 2);
    std::fs::write(
        dir.path().join("terraform.tfvars"),
        "environment = \"dev\"\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("child/main.tf"),
        VALIDATED_CHILD.replace(">= 3", ">= 2"),
    )
    .unwrap();
    let (v, _) = run();
    let left = v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["code"] == "invalid-variable")
        .count();
    assert_eq!(left, 0, "{v:#}");
}

const ENV_ROOT: &str = r#"
variable "environment" {
  type = string
}
locals {
  retention = { dev = 14, staging = 30, production = 365 }
}
resource "aws_cloudwatch_log_group" "app" {
  name              = "app"
  retention_in_days = local.retention[var.environment]
}
"#;

/// Item 9: `--env` never disagrees silently with the root's own environment variable: a
/// mismatch is an error naming both values (exit 2); `--env` takes the configuration's
/// aliases, and an alias of the same environment agrees.
#[test]
fn env_flag_and_root_environment_must_agree() {
    let dir = git_tree(&[
        ("main.tf", ENV_ROOT),
        ("terraform.tfvars", "environment = \"staging\"\n"),
    ]);
    let run = |env: &str| {
        let path = dir.path().to_str().unwrap();
        let (v, code) =
            crate::common::json_run(&mut crate::common::pe_lint(), &[path, "--env", env]);
        let diags: Vec<String> = v["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|d| d["code"] == "env-mismatch")
            .map(|d| format!("{} {}", d["severity"], d["message"]))
            .collect();
        (diags, code)
    };
    let (diags, code) = run("dev");
    assert_eq!(diags.len(), 1, "{diags:?}");
    assert!(
        diags[0].starts_with(
            r#""error" "the environment is dev (--env or the configuration), but the root module "#
        ) && diags[0].ends_with(r#" sets var.environment = \"staging\"""#),
        "{diags:?}"
    );
    assert_eq!(code, 2);
    assert_eq!(run("stage").0, Vec::<String>::new());
    std::fs::write(
        dir.path().join("terraform.tfvars"),
        "environment = \"production\"\n",
    )
    .unwrap();
    assert_eq!(run("production").0, Vec::<String>::new());
    assert_eq!(run("prd").0, Vec::<String>::new());
    assert_eq!(run("staging").0.len(), 1);
}

/// Found by the corpus triage (terraform-aws-eks, apigateway-v2, dynamodb-table, the
/// vpc_endpoints example): an attribute the provider computes inside a nested block
/// (`vpc_config[0].cluster_security_group_id`), or read by index (`res["arn"]`), is unknown
/// as it is in the plan, not an error.
#[test]
fn computed_attributes_of_nested_blocks_are_unknown() {
    let dir = git_tree(&[(
        "main.tf",
        r#"
resource "aws_eks_cluster" "this" {
  name     = "c"
  role_arn = "arn:aws:iam::123456789012:role/eks"
  vpc_config {
    subnet_ids = ["subnet-1"]
  }
}
resource "aws_vpc_endpoint" "this" {
  for_each     = toset(["s3"])
  vpc_id       = "vpc-1"
  service_name = each.key
}
resource "aws_sqs_queue" "q" {
  name = "q"
  tags = {
    a = aws_eks_cluster.this.vpc_config[0].cluster_security_group_id
    b = jsonencode(aws_eks_cluster.this.vpc_config[0].subnet_ids)
    c = aws_vpc_endpoint.this["s3"]["arn"]
    d = aws_vpc_endpoint.this["s3"]["vpc_id"]
    e = join(",", [for b in aws_eks_cluster.this.vpc_config : b.endpoint_public_access])
  }
}
"#,
    )]);
    let l = eval(dir.path());
    let t = l
        .model
        .instances()
        .find(|i| i.address == "aws_sqs_queue.q")
        .and_then(|i| i.attr("tags"))
        .unwrap();
    assert!(tag(&t, "a").is_unknown(), "{:?}", tag(&t, "a"));
    assert_eq!(tag(&t, "b"), s(r#"["subnet-1"]"#));
    assert!(tag(&t, "c").is_unknown(), "{:?}", tag(&t, "c"));
    assert_eq!(tag(&t, "d"), s("vpc-1"));
    assert!(!tag(&t, "e").is_wholly_known(), "{:?}", tag(&t, "e"));
    assert_eq!(diag_codes(&l), Vec::<String>::new());
}

/// Item 15, bypass: `fileset` in a large `count` over a tree of many files walks the tree each
/// time; the walk is charged to the evaluation budget, so the run stops with `eval-budget`
/// instead of walking 300 files 100 times for free.
#[test]
fn fileset_walks_are_charged_to_the_budget() {
    let names: Vec<String> = (0..300).map(|i| format!("f/{i}.txt")).collect();
    let mut files: Vec<(&str, &str)> = names.iter().map(|n| (n.as_str(), "x")).collect();
    files.push((
        "main.tf",
        r#"resource "aws_sqs_queue" "q" {
  count = 100
  name  = "q${count.index}"
  tags = {
    files = jsonencode(fileset(path.module, "**/*.nomatch"))
  }
}
"#,
    ));
    let dir = git_tree(&files);
    // The same root with `[]` instead of the fileset call costs 51,001 steps; the walks add
    // about 33,000.
    let l = eval_with(dir.path(), |o| o.max_steps = 60_000);
    let budget: Vec<String> = diag_codes(&l)
        .into_iter()
        .filter(|d| d.starts_with("eval-budget"))
        .collect();
    assert_eq!(budget.len(), 1, "{:?}", diag_codes(&l));
}

/// The queue's `name` and `tags` in a root whose data sources `data.aws_region.r` and
/// `data.aws_partition.p` use the provider configuration `provider`.
fn region_values(providers: &str, provider: &str) -> (Loaded, Value, Value) {
    let main = format!(
        r#"{providers}
data "aws_region" "r" {{
  provider = {provider}
}}
data "aws_partition" "p" {{
  provider = {provider}
}}
resource "aws_sqs_queue" "q" {{
  name = data.aws_region.r.name
  tags = {{
    id          = data.aws_region.r.id
    description = data.aws_region.r.description
    endpoint    = data.aws_region.r.endpoint
    partition   = data.aws_partition.p.partition
    dns_suffix  = data.aws_partition.p.dns_suffix
    reverse     = data.aws_partition.p.reverse_dns_prefix
    part_id     = data.aws_partition.p.id
  }}
}}
"#
    );
    let dir = git_tree(&[("main.tf", &main)]);
    let l = eval_with(dir.path(), |o| {
        o.cli_vars = vec![pe_lint::internals::terraform::vars::CliVar::Var(
            "cli_region".into(),
            "eu-south-2".into(),
        )]
    });
    let q = l
        .model
        .instances()
        .find(|i| i.address == "aws_sqs_queue.q")
        .expect("aws_sqs_queue.q");
    let (name, tags) = (q.attr("name").unwrap(), q.attr("tags").unwrap());
    (l, name, tags)
}

/// Item 7 (providers), data sources: Terraform answers `data.aws_region` and
/// `data.aws_partition` from the region of the provider configuration they really use, at
/// plan time (planned with tf-plan-json: us-east-2 / cn-north-1 through a variable /
/// us-gov-west-1 / eu-south-2 from `-var`; the oracle case `roots-provider-data` holds the same
/// against its plan, modules and `providers` maps included).
#[test]
fn region_and_partition_come_from_the_provider_configuration() {
    const PROVIDERS: &str = r#"
variable "other_region" {
  default = "cn-north-1"
}
variable "cli_region" {
  type = string
}
provider "aws" {
  region = "us-east-2"
}
provider "aws" {
  alias  = "other"
  region = var.other_region
}
provider "aws" {
  alias  = "gov"
  region = "us-gov-west-1"
}
provider "aws" {
  alias  = "cli"
  region = var.cli_region
}
"#;
    let cases = [
        (
            "aws",
            "us-east-2",
            "US East (Ohio)",
            "amazonaws.com",
            "aws",
            "com.amazonaws",
        ),
        (
            "aws.other",
            "cn-north-1",
            "China (Beijing)",
            "amazonaws.com.cn",
            "aws-cn",
            "cn.com.amazonaws",
        ),
        (
            "aws.gov",
            "us-gov-west-1",
            "AWS GovCloud (US-West)",
            "amazonaws.com",
            "aws-us-gov",
            "com.amazonaws",
        ),
        (
            "aws.cli",
            "eu-south-2",
            "Europe (Spain)",
            "amazonaws.com",
            "aws",
            "com.amazonaws",
        ),
    ];
    for (provider, region, description, dns, partition, reverse) in cases {
        let (l, name, tags) = region_values(PROVIDERS, provider);
        assert_eq!(name, s(region), "{provider}: {:?}", diag_codes(&l));
        assert_eq!(tag(&tags, "id"), s(region), "{provider}");
        assert_eq!(tag(&tags, "description"), s(description), "{provider}");
        assert_eq!(
            tag(&tags, "endpoint"),
            s(&format!("ec2.{region}.{dns}")),
            "{provider}"
        );
        assert_eq!(tag(&tags, "partition"), s(partition), "{provider}");
        assert_eq!(tag(&tags, "part_id"), s(partition), "{provider}");
        assert_eq!(tag(&tags, "dns_suffix"), s(dns), "{provider}");
        assert_eq!(tag(&tags, "reverse"), s(reverse), "{provider}");
    }
}

/// Where the region is not in the configuration, Terraform takes it from the environment
/// (`AWS_REGION`, the shared config): a plan with no `region` and `AWS_REGION=ap-south-1` read
/// `ap-south-1`, and one whose `region` was unknown read the environment's region too. A region
/// provider 5.100 does not know fails the plan (`invalid AWS Region: us-west-9`). In every such
/// case pe-lint must not guess: the attributes stay unknown.
#[test]
fn region_and_partition_without_a_known_region_stay_unresolved() {
    let cases = [
        ("provider \"aws\" {}", "aws"),
        ("", "aws"),
        (
            "variable \"r\" {}\nprovider \"aws\" {\n  region = var.r\n}",
            "aws",
        ),
        ("provider \"aws\" {\n  region = null\n}", "aws"),
        ("provider \"aws\" {\n  region = \"us-west-9\"\n}", "aws"),
        ("provider \"aws\" {\n  region = \"us-iso-east-1\"\n}", "aws"),
        // The provider's region read from the data source itself: a cycle, never a value.
        (
            "provider \"aws\" {\n  region = data.aws_region.r.name\n}",
            "aws",
        ),
        // An alias nobody declared.
        (
            "provider \"aws\" {\n  region = \"us-east-1\"\n}",
            "aws.missing",
        ),
    ];
    for (providers, provider) in cases {
        let (l, name, tags) = region_values(providers, provider);
        assert!(!name.is_wholly_known(), "{providers}: name {name:?}");
        for k in [
            "id",
            "description",
            "endpoint",
            "partition",
            "dns_suffix",
            "reverse",
            "part_id",
        ] {
            let v = tag(&tags, k);
            assert!(
                !v.is_wholly_known(),
                "{providers} / {provider}: {k} = {v:?}"
            );
        }
        assert!(
            l.model
                .instances()
                .any(|i| i.address == "data.aws_region.r"),
            "{providers}"
        );
    }
}

//! Override files (`override.tf`, `*_override.tf` and their `.tf.json` forms) merged the way
//! Terraform's loader merges them (`configs.MergeBodies` and the per-block `merge` methods).
//!
//! Planned offline with `shared/tools/tf-plan-json` (Terraform, AWS provider 5.100.0): base
//! `aws_iam_role.r` with two `inline_policy` blocks and an override with one gave a plan with
//! only the override's block; an override `dynamic "vpc_config" { for_each = [] }` over a
//! static `vpc_config` gave `vpc_config = []`; an `output` override with only `description`
//! kept the base value; a `provider "aws"` override's `default_tags` replaced the base's
//! (`tags_all` of every resource held only the override's tags).

use crate::common::{json_run, pe_lint, write_tree};
use serde_json::Value;

pub(crate) const TAGS: &str = r#"{ Project = "p", Env = "dev", Owner = "o", CostCenter = "c" }"#;

/// (rule, address, file name, line, status) of every finding, in report order.
pub(crate) fn findings(v: &Value) -> Vec<(String, String, String, u64, String)> {
    v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            let file = f["file"].as_str().unwrap_or("");
            let name = file.rsplit('/').next().unwrap_or("").to_string();
            (
                f["rule_id"].as_str().unwrap().to_string(),
                f["resource"].as_str().unwrap().to_string(),
                name,
                f["line"].as_u64().unwrap_or(0),
                f["status"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

pub(crate) fn diag_codes(v: &Value) -> Vec<String> {
    v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["code"].as_str().unwrap().to_string())
        .collect()
}

pub(crate) fn run(files: &[(&str, &str)], extra: &[&str]) -> (Value, i32) {
    let dir = write_tree(files);
    let mut args = vec![dir.path().to_str().unwrap()];
    args.extend_from_slice(extra);
    json_run(&mut pe_lint(), &args)
}

pub(crate) fn f(
    rule: &str,
    address: &str,
    file: &str,
    line: u64,
    status: &str,
) -> (String, String, String, u64, String) {
    (
        rule.into(),
        address.into(),
        file.into(),
        line,
        status.into(),
    )
}

fn role(policies: &str) -> String {
    format!(
        r#"resource "aws_iam_role" "r" {{
  name               = "r"
  assume_role_policy = "{{}}"
  tags               = {TAGS}
{policies}}}
"#
    )
}

const SCOPED: &str = r#"  inline_policy {
    name   = "read"
    policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "s3:GetObject", Resource = "arn:aws:s3:::b/*" }] })
  }
"#;

const ADMIN: &str = r#"  inline_policy {
    name   = "admin"
    policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "*", Resource = "*" }] })
  }
"#;

/// The override's nested blocks of one type replace all of the base's, and all of the
/// override's count: two `inline_policy` blocks in the override (the admin one first) were
/// cut to the last one, so the admin policy Terraform deploys was never checked.
#[test]
fn every_nested_block_of_an_override_is_kept() {
    let over = format!("resource \"aws_iam_role\" \"r\" {{\n{ADMIN}{SCOPED}}}\n");
    let (v, code) = run(&[("main.tf", &role(SCOPED)), ("r_override.tf", &over)], &[]);
    assert_eq!(code, 1, "{v:#}");
    let fs = findings(&v);
    assert_eq!(fs.len(), 1, "{v:#}");
    assert_eq!(
        (
            fs[0].0.as_str(),
            fs[0].1.as_str(),
            fs[0].2.as_str(),
            fs[0].4.as_str()
        ),
        ("PE008", "aws_iam_role.r", "r_override.tf", "fail"),
        "{v:#}"
    );
}

/// The bypass the other way: the admin policy in the base, a benign one in the override.
/// Terraform deploys only the override's, so the run passes.
#[test]
fn an_override_block_type_replaces_all_base_blocks() {
    let base = role(&format!("{ADMIN}{SCOPED}"));
    let over = format!("resource \"aws_iam_role\" \"r\" {{\n{SCOPED}}}\n");
    let (v, code) = run(&[("main.tf", &base), ("override.tf", &over)], &[]);
    assert_eq!((code, findings(&v)), (0, vec![]), "{v:#}");
}

const PRESIGN: &str = r#"resource "aws_lambda_function" "presign" {
  function_name                  = "presign"
  role                           = "arn:aws:iam::123456789012:role/r"
  handler                        = "x"
  runtime                        = "python3.12"
  filename                       = "x.zip"
  reserved_concurrent_executions = 5
  tags                           = TAGS
  vpc_config {
    subnet_ids         = ["subnet-1"]
    security_group_ids = ["sg-1"]
  }
}
resource "aws_cloudwatch_log_group" "presign" {
  name              = "/aws/lambda/presign"
  retention_in_days = 14
  tags              = TAGS
}
"#;

/// A `dynamic "vpc_config"` in an override replaces the base's static `vpc_config` (the plan
/// has `vpc_config = []`): the API Lambda is not in a VPC. Before, the base block was kept.
#[test]
fn a_dynamic_block_in_an_override_replaces_by_its_label() {
    let over = r#"resource "aws_lambda_function" "presign" {
  dynamic "vpc_config" {
    for_each = []
    content {
      subnet_ids         = ["subnet-2"]
      security_group_ids = ["sg-2"]
    }
  }
}
"#;
    let base = PRESIGN.replace("TAGS", TAGS);
    let (v, code) = run(&[("main.tf", &base)], &["--env", "dev"]);
    assert_eq!(code, 1, "{v:#}");
    assert_eq!(
        findings(&v),
        vec![f(
            "PE007",
            "aws_lambda_function.presign",
            "main.tf",
            9,
            "fail"
        )]
    );
    let (v, code) = run(
        &[("main.tf", &base), ("l_override.tf", over)],
        &["--env", "dev"],
    );
    assert_eq!((code, findings(&v)), (0, vec![]), "{v:#}");
}

/// And a static block in an override replaces the base's `dynamic` block of that type.
#[test]
fn a_static_override_block_replaces_a_base_dynamic_block() {
    let base = PRESIGN.replace("TAGS", TAGS).replace(
        "  vpc_config {\n    subnet_ids         = [\"subnet-1\"]\n    security_group_ids = [\"sg-1\"]\n  }\n",
        "  dynamic \"vpc_config\" {\n    for_each = [1]\n    content {\n      subnet_ids         = [\"subnet-1\"]\n      security_group_ids = [\"sg-1\"]\n    }\n  }\n",
    );
    let over = "resource \"aws_lambda_function\" \"presign\" {\n  vpc_config {\n    subnet_ids         = []\n    security_group_ids = []\n  }\n}\n";
    let (v, code) = run(
        &[("main.tf", &base), ("override.tf", over)],
        &["--env", "dev"],
    );
    assert_eq!((code, findings(&v)), (0, vec![]), "{v:#}");
}

/// A `.tf.json` override over an HCL block: the JSON `inline_policy` (an array: two blocks)
/// replaces the HCL blocks. Before, the base's HCL block won over the JSON value.
#[test]
fn a_json_override_replaces_hcl_blocks() {
    let over = r#"{"resource": {"aws_iam_role": {"r": {
  "inline_policy": [
    {"name": "admin", "policy": "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\"}]}"},
    {"name": "read", "policy": "{\"Version\":\"2012-10-17\",\"Statement\":[]}"}
  ]
}}}}"#;
    let (v, code) = run(
        &[("main.tf", &role(SCOPED)), ("r_override.tf.json", over)],
        &[],
    );
    assert_eq!(code, 1, "{v:#}");
    let fs = findings(&v);
    assert_eq!(fs.len(), 1, "{v:#}");
    assert_eq!(
        (fs[0].0.as_str(), fs[0].2.as_str()),
        ("PE008", "r_override.tf.json"),
        "{v:#}"
    );
}

/// The reverse: an HCL override's block replaces a JSON base's argument of that name.
#[test]
fn an_hcl_override_replaces_a_json_base() {
    let base = r#"{"resource": {"aws_iam_role": {"r": {
  "name": "r",
  "assume_role_policy": "{}",
  "tags": {"Project": "p", "Env": "dev", "Owner": "o", "CostCenter": "c"},
  "inline_policy": [
    {"name": "admin", "policy": "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\"}]}"}
  ]
}}}}"#;
    let (v, code) = run(&[("main.tf.json", base)], &[]);
    assert_eq!(code, 1, "{v:#}");
    let over = format!("resource \"aws_iam_role\" \"r\" {{\n{SCOPED}}}\n");
    let (v, code) = run(&[("main.tf.json", base), ("override.tf", &over)], &[]);
    assert_eq!((code, findings(&v)), (0, vec![]), "{v:#}");
}

const QUEUE: &str = r#"resource "aws_sqs_queue" "q" {
  name = "q"
  tags = TAGS
}
"#;

/// A `provider` override merges into the configuration it names: its `default_tags` replace
/// the base's (the plan's `tags_all` held only the override's). Before, the override was a
/// second configuration that nothing used.
#[test]
fn a_provider_override_replaces_default_tags() {
    let base = format!(
        "provider \"aws\" {{\n  region = \"us-east-1\"\n  default_tags {{\n    tags = {TAGS}\n  }}\n}}\nresource \"aws_kms_key\" \"k\" {{\n  enable_key_rotation = true\n}}\n"
    );
    let over = "provider \"aws\" {\n  default_tags {\n    tags = { Project = \"p\" }\n  }\n}\n";
    let (v, code) = run(&[("main.tf", &base)], &["--env", "dev"]);
    assert_eq!((code, findings(&v)), (0, vec![]), "{v:#}");
    let (v, code) = run(&[("main.tf", &base), ("p_override.tf", over)], &[]);
    assert_eq!(code, 1, "{v:#}");
    assert_eq!(
        findings(&v),
        vec![f("PE006", "aws_kms_key.k", "main.tf", 7, "fail")]
    );
}

/// An `output` override that sets only `description` keeps the value: the redrive target
/// still refers to the dead-letter queue. Before, the value was dropped and the queue failed.
#[test]
fn an_output_override_without_value_keeps_the_value() {
    let module = format!(
        "resource \"aws_sqs_queue\" \"dlq\" {{\n  name = \"dlq\"\n  tags = {TAGS}\n}}\noutput \"dlq_arn\" {{\n  value = aws_sqs_queue.dlq.arn\n}}\n"
    );
    let root = format!(
        "module \"m\" {{\n  source = \"./m\"\n}}\nresource \"aws_sqs_queue\" \"q\" {{\n  name = \"q\"\n  tags = {TAGS}\n  redrive_policy = jsonencode({{ deadLetterTargetArn = module.m.dlq_arn, maxReceiveCount = 3 }})\n}}\n"
    );
    let over = "output \"dlq_arn\" {\n  description = \"the DLQ\"\n}\n";
    let files = [
        ("main.tf", root.as_str()),
        ("m/main.tf", &module),
        ("m/o_override.tf", over),
    ];
    let (v, code) = run(&files, &[]);
    assert_eq!((code, findings(&v)), (0, vec![]), "{v:#}");
}

/// `variable` and `locals` overrides replace what they set and keep the rest.
#[test]
fn variable_and_local_overrides_merge_by_argument() {
    let base = format!(
        "variable \"rotate\" {{\n  type    = bool\n  default = true\n}}\nlocals {{\n  tags = {TAGS}\n  keep = true\n}}\nresource \"aws_kms_key\" \"k\" {{\n  enable_key_rotation = var.rotate && local.keep\n  tags = local.tags\n}}\n"
    );
    let over = "variable \"rotate\" {\n  default = false\n}\n";
    let (v, code) = run(&[("main.tf", &base), ("v_override.tf", over)], &[]);
    assert_eq!(code, 1, "{v:#}");
    assert_eq!(
        findings(&v),
        vec![f("PE001", "aws_kms_key.k", "main.tf", 10, "fail")]
    );
    let over = "locals {\n  keep = false\n}\n";
    let (v, code) = run(
        &[("main.tf", &base), ("l_override.tf", over)],
        &["--env", "dev"],
    );
    assert_eq!(code, 1, "{v:#}");
    assert_eq!(
        findings(&v),
        vec![f("PE001", "aws_kms_key.k", "main.tf", 10, "fail")]
    );
}

/// An override of something no other file declares is an error in Terraform ("Missing base
/// ... to override"): no plan, so exit 2 naming the override, never a verdict on it as if it
/// were a declaration.
#[test]
fn an_override_without_a_base_is_an_error() {
    let over = "resource \"aws_kms_key\" \"x\" {\n  enable_key_rotation = true\n}\noutput \"o\" {\n  value = 1\n}\nlocals {\n  z = 1\n}\n";
    let (v, code) = run(
        &[
            ("main.tf", QUEUE.replace("TAGS", TAGS).as_str()),
            ("override.tf", over),
        ],
        &[],
    );
    assert_eq!(code, 2, "{v:#}");
    assert_eq!(
        diag_codes(&v),
        vec![
            "override-without-base",
            "override-without-base",
            "override-without-base"
        ],
        "{v:#}"
    );
}

/// Two configurations of the same provider, or two outputs of one name, outside override
/// files: Terraform refuses the configuration, so no verdict picks one of them.
#[test]
fn duplicate_declarations_are_errors() {
    let files = format!(
        "provider \"aws\" {{\n  default_tags {{\n    tags = {TAGS}\n  }}\n}}\nresource \"aws_kms_key\" \"k\" {{\n  enable_key_rotation = true\n}}\n"
    );
    let second =
        "provider \"aws\" {\n  region = \"us-east-1\"\n}\noutput \"o\" {\n  value = 1\n}\n";
    let third = "output \"o\" {\n  value = 2\n}\n";
    let (v, code) = run(&[("a.tf", &files), ("b.tf", second), ("c.tf", third)], &[]);
    assert_eq!(code, 2, "{v:#}");
    assert_eq!(
        diag_codes(&v),
        vec!["duplicate-provider", "duplicate-output"],
        "{v:#}"
    );
}

//! `terraform.workspace`: the name given by `--workspace` or `TF_WORKSPACE`, else unknown, with
//! one `unknown-workspace` warning per root and the dependent verdicts unresolved (never a
//! guessed `"default"` that passes).

use serde_json::Value;

use crate::common::{json_run, pe_lint, write_tree};

/// A log group whose retention comes from a map keyed by the workspace, tagged with it.
const RETENTION_TF: &str = r#"
variable "environment" {
  default = "prod"
}
locals {
  retention = { prod = 90, dev = 14 }
}
resource "aws_cloudwatch_log_group" "app" {
  name              = "app"
  retention_in_days = local.retention[terraform.workspace]
  tags = {
    Project    = "p"
    Env        = terraform.workspace
    Owner      = "o"
    CostCenter = "c"
  }
}
"#;

fn statuses(v: &Value, rule: &str) -> Vec<String> {
    v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule_id"] == rule)
        .map(|f| f["status"].as_str().unwrap().to_string())
        .collect()
}

/// The JSON report lists failing and unresolved findings; passes are counted.
fn assert_all_pass(v: &Value) {
    assert_eq!(v["summary"]["pass"], 2, "{v}");
    assert_eq!(v["summary"]["fail"], 0, "{v}");
    assert_eq!(v["summary"]["unresolved"], 0, "{v}");
}

fn diagnostics(v: &Value, code: &str) -> Vec<Value> {
    v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["code"] == code)
        .cloned()
        .collect()
}

fn run(files: &[(&str, &str)], args: &[&str], env: &[(&str, &str)]) -> (Value, i32) {
    let dir = write_tree(files);
    let mut cmd = pe_lint();
    cmd.env_remove("TF_WORKSPACE").envs(env.iter().copied());
    let path = dir.path().to_str().unwrap().to_string();
    let mut all = vec![path.as_str()];
    all.extend_from_slice(args);
    json_run(&mut cmd, &all)
}

/// Without a workspace the retention and the tag are unresolved, not checked against a
/// guessed `"default"`; one warning names the first use (line 10) and the scan records no
/// workspace.
#[test]
fn unknown_without_flag() {
    let (v, code) = run(&[("main.tf", RETENTION_TF)], &[], &[]);
    assert_eq!(statuses(&v, "PE005"), ["unresolved"]);
    assert_eq!(statuses(&v, "PE006"), ["unresolved"]);
    let warned = diagnostics(&v, "unknown-workspace");
    assert_eq!(warned.len(), 1, "{warned:?}");
    assert_eq!(warned[0]["severity"], "warning");
    assert_eq!(warned[0]["line"], 10);
    assert!(warned[0]["file"].as_str().unwrap().ends_with("main.tf"));
    assert!(v["scan"].get("workspace").is_none());
    assert_eq!(code, 0);
}

/// `--workspace prod` resolves both: the retention passes, the tag passes, no warning.
#[test]
fn flag_resolves() {
    let (v, code) = run(&[("main.tf", RETENTION_TF)], &["--workspace", "prod"], &[]);
    assert_all_pass(&v);
    assert!(diagnostics(&v, "unknown-workspace").is_empty());
    assert_eq!(v["scan"]["workspace"], "prod");
    assert_eq!(code, 0);
}

/// `TF_WORKSPACE=prod` resolves it the same way; `--workspace` wins over it.
#[test]
fn env_resolves_and_flag_wins() {
    let (v, _) = run(
        &[("main.tf", RETENTION_TF)],
        &[],
        &[("TF_WORKSPACE", "prod")],
    );
    assert_all_pass(&v);
    assert_eq!(v["scan"]["workspace"], "prod");
    let (v, code) = run(
        &[("main.tf", RETENTION_TF)],
        &["--workspace", "dev"],
        &[("TF_WORKSPACE", "prod")],
    );
    // dev keeps 14 days where prod needs 90: fails.
    assert_eq!(statuses(&v, "PE005"), ["fail"]);
    assert_eq!(v["scan"]["workspace"], "dev");
    assert_eq!(code, 1);
}

/// `--strict` fails a run whose workspace is unknown, and passes it once the workspace is given.
#[test]
fn strict_fails_without_it() {
    let (_, code) = run(&[("main.tf", RETENTION_TF)], &["--strict"], &[]);
    assert_eq!(code, 1);
    let (_, code) = run(
        &[("main.tf", RETENTION_TF)],
        &["--strict", "--workspace", "prod"],
        &[],
    );
    assert_eq!(code, 0);
}

/// Attack: `lookup(map, terraform.workspace, 90)`: with the workspace guessed as `"default"`
/// the 90-day fallback passed PE005 whatever the real workspace keeps. It stays unresolved.
#[test]
fn lookup_default_is_not_a_pass() {
    let tf = r#"
variable "environment" {
  default = "prod"
}
resource "aws_cloudwatch_log_group" "app" {
  name              = "app"
  retention_in_days = lookup({ prod = 1 }, terraform.workspace, 90)
}
"#;
    let (v, _) = run(&[("main.tf", tf)], &[], &[]);
    assert_eq!(statuses(&v, "PE005"), ["unresolved"]);
    assert_eq!(diagnostics(&v, "unknown-workspace").len(), 1);
    let (v, code) = run(&[("main.tf", tf)], &["--workspace", "prod"], &[]);
    assert_eq!(statuses(&v, "PE005"), ["fail"]);
    assert_eq!(code, 1);
}

/// Attack: a KMS key without rotation counted by the workspace (`default` -> 0 keys, so the
/// guessed `"default"` dropped it). Without a workspace the key must not vanish: it is checked
/// as `k[*]` and fails.
#[test]
fn count_by_workspace_is_not_dropped() {
    let tf = r#"
resource "aws_kms_key" "k" {
  count               = terraform.workspace == "default" ? 0 : 1
  enable_key_rotation = false
}
"#;
    let (v, code) = run(&[("main.tf", tf)], &[], &[]);
    // Kept as the key of unknown count `k[*]`, whose rotation is false whatever the count.
    assert_eq!(statuses(&v, "PE001"), ["fail"]);
    assert_eq!(v["findings"][0]["resource"], "aws_kms_key.k[*]", "{v}");
    assert_eq!(diagnostics(&v, "unknown-workspace").len(), 1);
    assert_eq!(code, 1);
    let (v, code) = run(&[("main.tf", tf)], &["--workspace", "prod"], &[]);
    assert_eq!(statuses(&v, "PE001"), ["fail"]);
    assert_eq!(code, 1);
}

/// Attack: `try(terraform.workspace, "prod")` must not turn the unknown into a chosen name.
#[test]
fn try_does_not_pick_a_workspace() {
    let tf = RETENTION_TF.replace(
        "local.retention[terraform.workspace]",
        "local.retention[try(terraform.workspace, \"prod\")]",
    );
    let (v, _) = run(&[("main.tf", &tf)], &[], &[]);
    assert_eq!(statuses(&v, "PE005"), ["unresolved"]);
}

/// Attack: a file list appended without `--` naming `--workspace=prod.tf` picks no workspace;
/// a name with control or path characters is refused too. Both exit 2.
#[test]
fn bad_workspace_names_are_refused() {
    for name in [
        "--workspace=prod.tf",
        "--workspace=a/b",
        "--workspace=\u{1b}[31m",
    ] {
        let dir = write_tree(&[("main.tf", RETENTION_TF)]);
        let out = pe_lint().arg(dir.path()).arg(name).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{name}");
        assert!(out.stdout.is_empty(), "{name}");
    }
}

/// One warning per root, located at the smallest use, whatever the evaluation order.
#[test]
fn one_warning_per_root() {
    let tf = format!(
        "{RETENTION_TF}\nresource \"aws_sqs_queue\" \"q\" {{\n  name = terraform.workspace\n}}\n"
    );
    let (v, _) = run(&[("a/main.tf", &tf), ("b/main.tf", RETENTION_TF)], &[], &[]);
    let warned = diagnostics(&v, "unknown-workspace");
    assert_eq!(warned.len(), 2, "{warned:?}");
    assert!(warned.iter().all(|d| d["line"] == 10));
}

//! Where findings point (#22 item 10): a PE008 finding on a policy written as a literal in
//! the resource points at the failing `Action`/`Resource` element, not the whole `policy`.

use serde_json::Value;

use crate::common::{findings_where, json_run, pe_lint, write_tree};

/// (status, address, line, column, message) of every finding of `rule`.
fn findings(dir: &std::path::Path, rule: &str) -> Vec<(String, String, u64, u64, String)> {
    let (v, _) = json_run(&mut pe_lint(), &[dir.to_str().unwrap(), "--check", rule]);
    let s = |f: &Value, k: &str| f[k].as_str().unwrap_or_default().to_string();
    let mut out: Vec<_> = findings_where(&v, &[("rule_id", rule)])
        .into_iter()
        .map(|f| {
            (
                s(f, "status"),
                s(f, "resource"),
                f["line"].as_u64().unwrap(),
                f["column"].as_u64().unwrap(),
                s(f, "message"),
            )
        })
        .collect();
    out.sort();
    out
}

fn policy(name: &str, policy: &str) -> String {
    format!(
        "resource \"aws_iam_policy\" \"{name}\" {{\n  name = \"{name}\"\n  policy = {policy}\n}}\n"
    )
}

fn found(
    status: &str,
    address: &str,
    line: u64,
    column: u64,
    message: &str,
) -> (String, String, u64, u64, String) {
    (status.into(), address.into(), line, column, message.into())
}

#[test]
fn pe008_points_at_the_wildcard_action_of_the_second_statement() {
    let text = policy(
        "p",
        r#"jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect   = "Allow"
        Action   = ["s3:GetObject"]
        Resource = ["arn:aws:s3:::b/k"]
      },
      {
        Effect   = "Allow"
        Action   = "s3:*"
        Resource = "arn:aws:s3:::b/k"
      },
    ]
  })"#,
    );
    let dir = write_tree(&[("main.tf", &text)]);
    assert_eq!(
        findings(dir.path(), "PE008"),
        [found(
            "fail",
            "aws_iam_policy.p",
            13,
            20,
            "aws_iam_policy.p: statement 2: action \"s3:*\" is a wildcard"
        )]
    );
}

#[test]
fn pe008_points_at_the_list_element_and_a_quoted_key() {
    let text = policy(
        "p",
        r#"jsonencode({
    "Statement" = [{
      "Effect" = "Allow"
      "Action" = [
        "s3:GetObject",
        "s3:Put*",
      ]
      Resource = "arn:aws:s3:::b/k"
    }]
  })"#,
    ) + &policy(
        "r",
        r#"jsonencode({
    Statement = { Effect = "Allow", Action = "s3:GetObject", Resource = ["arn:aws:s3:::b/k", "*"] }
  })"#,
    );
    let dir = write_tree(&[("main.tf", &text)]);
    assert_eq!(
        findings(dir.path(), "PE008"),
        [
            found(
                "fail",
                "aws_iam_policy.p",
                8,
                9,
                "aws_iam_policy.p: statement 1: action \"s3:Put*\" is a wildcard"
            ),
            found(
                "fail",
                "aws_iam_policy.r",
                17,
                94,
                "aws_iam_policy.r: statement 1: Resource is \"*\" for actions that support resource-level permissions"
            ),
        ]
    );
}

/// A policy that is not written in the resource (a local) keeps the `policy` attribute's
/// location: the literal's elements are not recorded on the resource, and pointing into the
/// local would name a line the resource's suppressions cannot cover.
#[test]
fn pe008_on_a_policy_from_a_local_stays_at_the_attribute() {
    let text = policy("p", "local.doc")
        + r#"
locals {
  doc = jsonencode({
    Statement = [{ Effect = "Allow", Action = "*", Resource = "arn:aws:s3:::b/k" }]
  })
}
"#;
    let dir = write_tree(&[("main.tf", &text)]);
    assert_eq!(
        findings(dir.path(), "PE008"),
        [found(
            "fail",
            "aws_iam_policy.p",
            3,
            3,
            "aws_iam_policy.p: statement 1: action \"*\" is a wildcard"
        )]
    );
}

/// An inline policy of a role, in a nested block: the element's line inside the block.
#[test]
fn pe008_points_into_a_roles_inline_policy() {
    let text = r#"resource "aws_iam_role" "app" {
  name               = "app"
  assume_role_policy = "{}"
  inline_policy {
    name = "admin"
    policy = jsonencode({
      Statement = [{
        Effect   = "Allow"
        Action   = "s3:GetObject"
        Resource = "arn:aws:s3:::*"
      }]
    })
  }
}
"#;
    let dir = write_tree(&[("main.tf", text)]);
    let got = findings(dir.path(), "PE008");
    assert_eq!(
        got.iter()
            .map(|f| (f.1.as_str(), f.2, f.3))
            .collect::<Vec<_>>(),
        [("aws_iam_role.app", 10, 20)],
        "{got:?}"
    );
}

/// Moving the finding into the literal must not escape a suppression written for the
/// attribute or the resource, as it was written before.
#[test]
fn pe008_suppression_above_the_policy_still_covers_the_element() {
    for (at, text) in [
        (
            "attribute",
            "resource \"aws_iam_policy\" \"p\" {\n  name = \"p\"\n  # pe-lint:ignore PE008 reason=\"legacy\"\n  policy = jsonencode({\n    Statement = [{\n      Effect = \"Allow\"\n      Action = \"*\"\n      Resource = \"arn:aws:s3:::b/k\"\n    }]\n  })\n}\n",
        ),
        (
            "resource",
            "# pe-lint:ignore PE008 reason=\"legacy\"\nresource \"aws_iam_policy\" \"p\" {\n  name = \"p\"\n  policy = jsonencode({\n    Statement = [{\n      Effect = \"Allow\"\n      Action = \"*\"\n      Resource = \"arn:aws:s3:::b/k\"\n    }]\n  })\n}\n",
        ),
    ] {
        let dir = write_tree(&[("main.tf", text)]);
        let got = findings(dir.path(), "PE008");
        assert_eq!(
            got.iter().map(|f| (f.0.as_str(), f.2)).collect::<Vec<_>>(),
            [("suppressed", 7)],
            "{at}: {got:?}"
        );
    }
}

const MODULE: &str = r#"variable "retention_in_days" {
  type = number
}
variable "concurrency" {
  type = number
}
resource "aws_cloudwatch_log_group" "g" {
  name              = "g"
  retention_in_days = var.retention_in_days
}
resource "aws_lambda_function" "f" {
  function_name                  = "f"
  role                           = "arn:aws:iam::123456789012:role/r"
  reserved_concurrent_executions = var.concurrency
}
"#;

/// (resource, file, line, column, fix) of every failing finding of `rule`.
fn module_findings(dir: &std::path::Path, rule: &str) -> Vec<(String, String, u64, u64, String)> {
    // Run in the tree, so that file names are relative and the test can name them.
    let mut cmd = pe_lint();
    cmd.current_dir(dir);
    let (v, _) = json_run(&mut cmd, &[".", "--env", "prod", "--check", rule]);
    let s = |f: &Value, k: &str| f[k].as_str().unwrap_or_default().to_string();
    let mut out: Vec<_> = findings_where(&v, &[("rule_id", rule), ("status", "fail")])
        .into_iter()
        .map(|f| {
            let line = f["line"].as_u64().unwrap();
            let column = f["column"].as_u64().unwrap();
            (s(f, "resource"), s(f, "file"), line, column, s(f, "fix"))
        })
        .collect();
    out.sort();
    out
}

fn in_module(root: &str) -> tempfile::TempDir {
    write_tree(&[("main.tf", root), ("modules/logs/main.tf", MODULE)])
}

/// #22 item 10: a module instance made by the caller's `for_each = { billing = 5 }` whose
/// value reaches the resource through `each.value` and `var.x`: the finding stays at the
/// module's attribute (where the module's suppressions apply) and the fix names the caller's
/// line of the for_each entry.
#[test]
fn module_for_each_value_names_the_callers_line() {
    let root = r#"module "logs" {
  source   = "./modules/logs"
  for_each = {
    billing = 5
    orders  = 90
  }
  retention_in_days = each.value
  concurrency       = 10
}

module "fns" {
  source            = "./modules/logs"
  for_each          = { billing = -1 }
  retention_in_days = 90
  concurrency       = each.value
}
"#;
    let dir = in_module(root);
    assert_eq!(
        module_findings(dir.path(), "PE005")
            .into_iter()
            .filter(|f| f.0.ends_with("aws_cloudwatch_log_group.g"))
            .collect::<Vec<_>>(),
        [(
            "module.logs[\"billing\"].aws_cloudwatch_log_group.g".to_string(),
            "modules/logs/main.tf".to_string(),
            9,
            3,
            "set `retention_in_days = 90` (retention_in_days is set by the for_each entry of the module call at main.tf:4: change it there)".to_string()
        )]
    );
    assert_eq!(
        module_findings(dir.path(), "PE004"),
        [(
            "module.fns[\"billing\"].aws_lambda_function.f".to_string(),
            "modules/logs/main.tf".to_string(),
            14,
            3,
            "set `reserved_concurrent_executions` to a value >= 0 (reserved_concurrent_executions is set by the for_each entry of the module call at main.tf:13: change it there)".to_string()
        )]
    );
}

/// The value passed as a plain argument, and through a module in between that passes its own
/// variable on: the hint names the outermost caller's argument, where the value is written.
#[test]
fn module_argument_through_a_middle_module_names_the_outer_caller() {
    let root = r#"module "mid" {
  source = "./modules/mid"
  days   = 7
}
"#;
    let mid = r#"variable "days" {
  type = number
}
module "logs" {
  source            = "../logs"
  retention_in_days = var.days
  concurrency       = 5
}
"#;
    let dir = write_tree(&[
        ("main.tf", root),
        ("modules/mid/main.tf", mid),
        ("modules/logs/main.tf", MODULE),
    ]);
    assert_eq!(
        module_findings(dir.path(), "PE005")
            .into_iter()
            .filter(|f| f.0.ends_with("aws_cloudwatch_log_group.g"))
            .collect::<Vec<_>>(),
        [(
            "module.mid.module.logs.aws_cloudwatch_log_group.g".to_string(),
            "modules/logs/main.tf".to_string(),
            9,
            3,
            "set `retention_in_days = 90` (retention_in_days is set by the module call at main.tf:3: change it there)".to_string()
        )]
    );
}

/// #22: the caller's line is also a related location: JSON `related`, SARIF
/// `relatedLocations` with a message, and a second snippet labelled `set here` in the human
/// output. A finding whose value the module sets itself has none.
#[test]
fn the_callers_line_is_a_related_location_in_every_format() {
    let root = r#"module "logs" {
  source   = "./modules/logs"
  for_each = {
    billing = 5
  }
  retention_in_days = each.value
  concurrency       = 10
}
"#;
    let dir = in_module(root);
    let run = |format: &str| {
        let out = pe_lint()
            .current_dir(dir.path())
            .env("COLUMNS", "200")
            .args([".", "--env", "prod", "--check", "PE005", "--format", format])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1), "{out:?}");
        String::from_utf8(out.stdout).unwrap()
    };
    let doc: Value = serde_json::from_str(&run("json")).unwrap();
    let related: Vec<&Value> = findings_where(&doc, &[("status", "fail")])
        .into_iter()
        .filter(|f| f["resource"].as_str().unwrap().ends_with("log_group.g"))
        .map(|f| &f["related"])
        .collect();
    assert_eq!(
        related,
        [&serde_json::json!([{
            "file": "main.tf", "line": 4, "column": 15, "end_line": 4, "end_column": 16,
            "message": "retention_in_days is set here, by the for_each entry of the module call"
        }])]
    );
    let sarif: Value = serde_json::from_str(&run("sarif")).unwrap();
    let results = sarif["runs"][0]["results"].as_array().unwrap();
    let failing: Vec<&Value> = results
        .iter()
        .filter(|r| r["properties"]["status"] == "fail" && r.get("relatedLocations").is_some())
        .collect();
    assert_eq!(failing.len(), 1);
    let rel = &failing[0]["relatedLocations"][0];
    assert_eq!(rel["id"], 1);
    assert_eq!(
        rel["physicalLocation"]["artifactLocation"]["uri"],
        "main.tf"
    );
    assert_eq!(rel["physicalLocation"]["region"]["startLine"], 4);
    assert_eq!(
        rel["message"]["text"],
        "retention_in_days is set here, by the for_each entry of the module call"
    );
    let human = run("human");
    assert!(
        human.contains("retention_in_days is set here, by the for_each entry of the module call")
            && human.contains("[main.tf:4:15]")
            && human.contains("set here"),
        "{human}"
    );
}

/// A value written in the module itself names no caller: no related location.
#[test]
fn a_value_set_in_the_module_has_no_related_location() {
    let module = MODULE.replace("var.retention_in_days", "7");
    let dir = write_tree(&[
        (
            "main.tf",
            "module \"logs\" {\n  source            = \"./modules/logs\"\n  retention_in_days = 5\n  concurrency       = 10\n}\n",
        ),
        ("modules/logs/main.tf", &module),
    ]);
    let mut cmd = pe_lint();
    cmd.current_dir(dir.path());
    let (v, _) = json_run(&mut cmd, &[".", "--env", "prod", "--check", "PE005"]);
    let failing: Vec<&Value> = findings_where(&v, &[("status", "fail")])
        .into_iter()
        .filter(|f| f["resource"].as_str().unwrap().ends_with("log_group.g"))
        .collect();
    assert_eq!(failing.len(), 1, "{v:#}");
    assert!(failing[0].get("related").is_none(), "{:#}", failing[0]);
}

/// #22 item 10: a policy written as JSON text in a heredoc points at the failing element,
/// as inline `jsonencode` does.
#[test]
fn pe008_points_into_a_heredoc_policy() {
    let text = policy(
        "h",
        r#"<<EOF
{
  "Version": "2012-10-17",
  "Statement": [
    {"Effect": "Allow", "Action": ["s3:GetObject"], "Resource": "arn:aws:s3:::b/k"},
    {
      "Effect": "Allow",
      "Action": ["s3:GetObject", "s3:*"],
      "Resource": "arn:aws:s3:::b/k"
    }
  ]
}
EOF"#,
    );
    let dir = write_tree(&[("main.tf", &text)]);
    assert_eq!(
        findings(dir.path(), "PE008"),
        [found(
            "fail",
            "aws_iam_policy.h",
            10,
            34,
            "aws_iam_policy.h: statement 2: action \"s3:*\" is a wildcard"
        )]
    );
}

/// `<<-` strips the smallest indentation; an interpolation before the element on its line
/// must not shift the column (the column is the source's, not the decoded text's).
#[test]
fn pe008_points_into_an_indented_heredoc_with_interpolations() {
    let text = policy(
        "i",
        r#"<<-EOT
    {
      "Statement": {
        "Effect": "${var.effect}", "Action": "s3:GetObject",
        "Resource": ["arn:aws:s3:::b/${var.key}", "arn:aws:s3:::${var.bucket}*"]
      }
    }
  EOT"#,
    ) + "variable \"bucket\" {\n  default = \"\"\n}\nvariable \"key\" {\n  default = \"k\"\n}\nvariable \"effect\" {\n  default = \"Allow\"\n}\n";
    let dir = write_tree(&[("main.tf", &text)]);
    assert_eq!(
        findings(dir.path(), "PE008"),
        [found(
            "fail",
            "aws_iam_policy.i",
            7,
            51,
            "aws_iam_policy.i: statement 1: resource \"arn:aws:s3:::*\" has a wildcard in place of the whole resource id"
        )]
    );
}

/// A JSON string literal: `\"` and `\u0073` escapes and an interpolation before the element
/// map back to the source offset.
#[test]
fn pe008_points_into_an_escaped_string_policy() {
    let text = policy(
        "s",
        r#""{\"Statement\": [{\"Effect\": \"Allow\", \"Action\": \"\u0073\u0033:${var.verb}\", \"Resource\": \"arn:aws:s3:::b/k\"}, {\"Effect\": \"Allow\", \"Action\": \"iam:*\", \"Resource\": \"arn:aws:s3:::b/k\"}]}""#,
    ) + "variable \"verb\" {\n  default = \"GetObject\"\n}\n";
    let dir = write_tree(&[("main.tf", &text)]);
    let got = findings(dir.path(), "PE008");
    let line = text.lines().nth(2).unwrap();
    let column = line.find(r#"\"iam:*\""#).unwrap() as u64 + 1;
    assert_eq!(
        got,
        [found(
            "fail",
            "aws_iam_policy.s",
            3,
            column,
            "aws_iam_policy.s: statement 2: action \"iam:*\" is a wildcard"
        )]
    );
    assert_eq!(column, 169);
}

/// A role's inline policy written as a heredoc, inside its nested block.
#[test]
fn pe008_points_into_a_roles_heredoc_inline_policy() {
    let text = r#"resource "aws_iam_role" "app" {
  name               = "app"
  assume_role_policy = "{}"
  inline_policy {
    name   = "admin"
    policy = <<-EOT
      {"Statement": [{"Effect": "Allow", "Action": "s3:GetObject",
                      "Resource": "arn:aws:s3:::*"}]}
    EOT
  }
}
"#;
    let dir = write_tree(&[("main.tf", text)]);
    let got = findings(dir.path(), "PE008");
    assert_eq!(
        got.iter()
            .map(|f| (f.1.as_str(), f.2, f.3))
            .collect::<Vec<_>>(),
        [("aws_iam_role.app", 8, 35)],
        "{got:?}"
    );
}

/// What cannot be mapped with certainty stays at the attribute: a template directive, and a
/// string that is not written in the attribute (a local).
#[test]
fn pe008_on_text_it_cannot_map_stays_at_the_attribute() {
    let directive = policy(
        "d",
        r#"<<EOF
{"Statement": [{"Effect": "Allow", %{ if true }"Action": "s3:*",%{ endif } "Resource": "arn:aws:s3:::b/k"}]}
EOF"#,
    );
    let local = policy("l", "local.text")
        + "locals {\n  text = \"{\\\"Statement\\\": [{\\\"Effect\\\": \\\"Allow\\\", \\\"Action\\\": \\\"*\\\", \\\"Resource\\\": \\\"arn:aws:s3:::b/k\\\"}]}\"\n}\n";
    for (text, address) in [(directive, "aws_iam_policy.d"), (local, "aws_iam_policy.l")] {
        let dir = write_tree(&[("main.tf", &text)]);
        let got = findings(dir.path(), "PE008");
        assert_eq!(
            got.iter()
                .map(|f| (f.0.as_str(), f.1.as_str(), f.2, f.3))
                .collect::<Vec<_>>(),
            [("fail", address, 3, 3)],
            "{got:?}"
        );
    }
}

/// A suppression above the heredoc's attribute still covers the element inside it.
#[test]
fn pe008_suppression_above_a_heredoc_covers_the_element() {
    let text = "resource \"aws_iam_policy\" \"p\" {\n  name = \"p\"\n  # pe-lint:ignore PE008 reason=\"legacy\"\n  policy = <<EOF\n{\"Statement\": [{\"Effect\": \"Allow\",\n  \"Action\": \"*\", \"Resource\": \"arn:aws:s3:::b/k\"}]}\nEOF\n}\n";
    let dir = write_tree(&[("main.tf", text)]);
    let got = findings(dir.path(), "PE008");
    assert_eq!(
        got.iter()
            .map(|f| (f.0.as_str(), f.2, f.3))
            .collect::<Vec<_>>(),
        [("suppressed", 6, 13)],
        "{got:?}"
    );
}

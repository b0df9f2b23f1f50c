//! The configuration file `.pe-lint.hcl`: every key honoured, validation errors with spans,
//! flag-over-file precedence, discovery, and the documentation of every key.

use serde_json::Value;
use std::path::Path;
use std::process::Command;

use crate::common::{fields3, json_run};

fn pe_lint() -> Command {
    let mut c = crate::common::pe_lint();
    c.env("SOURCE_DATE_EPOCH", "1767225600"); // 2026-01-01
    c
}

fn run_json(args: &[&str]) -> (Value, i32) {
    json_run(&mut pe_lint(), args)
}

/// Copy testdata/config/module into a temporary directory with `config` as its
/// `.pe-lint.hcl`, and lint it.
fn with_config(config: Option<&str>, args: &[&str]) -> (Value, i32) {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy("testdata/config/module/main.tf", dir.path().join("main.tf")).unwrap();
    if let Some(c) = config {
        std::fs::write(dir.path().join(".pe-lint.hcl"), c).unwrap();
    }
    let mut all = vec![dir.path().to_str().unwrap()];
    all.extend_from_slice(args);
    run_json(&all)
}

/// (rule, resource, status) of every finding.
fn findings(v: &Value) -> Vec<(String, String, String)> {
    fields3(v, "findings", ["rule_id", "resource", "status"])
}

fn finding<'a>(v: &'a Value, rule: &str, resource: &str) -> Option<&'a Value> {
    v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule_id"] == rule && f["resource"] == resource)
}

fn rule_count(v: &Value, rule: &str, what: &str) -> u64 {
    v["rules"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == rule)
        .map(|r| r[what].as_u64().unwrap())
        .unwrap()
}

fn f(rule: &str, resource: &str, status: &str) -> (String, String, String) {
    (rule.into(), resource.into(), status.into())
}

#[test]
fn defaults_without_a_config() {
    let (v, code) = with_config(None, &[]);
    assert_eq!(code, 1, "{v:#}");
    assert_eq!(
        findings(&v),
        [
            f("PE001", "aws_kms_key.key", "fail"),
            // 60 days is no environment's retention: wrong whatever the environment is.
            f("PE005", "aws_cloudwatch_log_group.app", "fail"),
            f("PE005", "aws_cloudwatch_log_group.edge", "fail"),
            f("PE008", "aws_iam_policy.read", "fail"),
            f("PE008", "aws_iam_policy.tables", "fail"),
        ]
    );
    assert_eq!(rule_count(&v, "PE006", "failed"), 0);
    // Not an API Lambda: PE007 does not apply.
    assert_eq!(rule_count(&v, "PE007", "checked"), 0);
}

#[test]
fn environment_and_retention_days() {
    let (v, _) = with_config(Some("environment = \"staging\"\n"), &[]);
    let fl = finding(&v, "PE005", "aws_cloudwatch_log_group.app").unwrap();
    assert_eq!(fl["status"], "fail");
    let msg = fl["message"].as_str().unwrap();
    assert!(msg.contains("60") && msg.contains("30"), "{msg}");
    assert_eq!(v["scan"]["environment"], "staging");

    let (v, _) = with_config(
        Some("environment = \"stage\"\nretention_days = { staging = 60 }\n"),
        &[],
    );
    assert!(finding(&v, "PE005", "aws_cloudwatch_log_group.app").is_none());
    // Both groups, and the Lambda that has its group.
    assert_eq!(rule_count(&v, "PE005", "passed"), 3);
}

#[test]
fn retention_mode_minimum() {
    let (v, _) = with_config(
        Some("environment = \"staging\"\nretention_mode = \"minimum\"\n"),
        &[],
    );
    assert_eq!(rule_count(&v, "PE005", "failed"), 0, "{v:#}");
    let (v, _) = with_config(
        Some("environment = \"prod\"\nretention_mode = \"minimum\"\n"),
        &[],
    );
    assert_eq!(rule_count(&v, "PE005", "failed"), 2, "60 days is below 90");
}

#[test]
fn rule_enabled_false_switches_a_rule_off() {
    let (v, _) = with_config(Some("rule \"PE001\" {\n  enabled = false\n}\n"), &[]);
    assert_eq!(rule_count(&v, "PE001", "checked"), 0);
    assert!(finding(&v, "PE001", "aws_kms_key.key").is_none());
    // By name too.
    let (v, _) = with_config(Some("rule \"iam-no-wildcards\" { enabled = false }\n"), &[]);
    assert_eq!(rule_count(&v, "PE008", "checked"), 0);
}

#[test]
fn severity_and_fail_on_decide_the_exit_code() {
    let soft = "rule \"PE001\" { severity = \"warning\" }\nrule \"PE005\" { severity = \"warning\" }\nrule \"PE008\" { severity = \"warning\" }\n";
    let (v, code) = with_config(Some(soft), &[]);
    assert_eq!(code, 0, "warnings are below fail_on = error");
    assert_eq!(rule_count(&v, "PE001", "failed"), 1, "still reported");
    let (_, code) = with_config(Some(&format!("{soft}fail_on = \"warning\"\n")), &[]);
    assert_eq!(code, 1);
    let (_, code) = with_config(Some("fail_on = \"never\"\n"), &[]);
    assert_eq!(code, 0);
    // Only PE008 softened: PE001 still fails the run.
    let (_, code) = with_config(Some("rule \"PE008\" { severity = \"info\" }\n"), &[]);
    assert_eq!(code, 1);
}

#[test]
fn severity_below_fail_on_in_a_fixture() {
    // Inside this repository the fixture's file is a nested one: it governs through --config.
    let (v, code) = run_json(&[
        "testdata/config/kms-only",
        "--config",
        "testdata/config/kms-only/.pe-lint.hcl",
    ]);
    assert_eq!(code, 0, "{v:#}");
    assert_eq!(findings(&v), [f("PE001", "aws_kms_key.key", "fail")]);
}

#[test]
fn required_tags_and_tag_values() {
    let (v, _) = with_config(Some("required_tags = [\"Team\"]\n"), &[]);
    let fl = finding(&v, "PE006", "aws_kms_key.key").unwrap();
    assert!(fl["message"].as_str().unwrap().contains("Team"), "{fl:#}");
    let (v, _) = with_config(
        Some("tag_values = { Env = [\"dev\", \"staging\", \"prod\"] }\n"),
        &[],
    );
    let fl = finding(&v, "PE006", "aws_kms_key.key").unwrap();
    assert!(fl["message"].as_str().unwrap().contains("\"qa\""), "{fl:#}");
}

#[test]
fn api_lambda_patterns() {
    let (v, _) = with_config(Some("api_lambda_patterns = [\"edge\"]\n"), &[]);
    let fl = finding(&v, "PE007", "aws_lambda_function.edge").unwrap();
    assert_eq!(fl["status"], "fail");
}

#[test]
fn iam_exceptions() {
    let (v, _) = with_config(Some("iam {\n  allowed_actions = [\"S3:GET*\"]\n}\n"), &[]);
    assert!(finding(&v, "PE008", "aws_iam_policy.read").is_none());
    assert!(finding(&v, "PE008", "aws_iam_policy.tables").is_some());
    let (v, _) = with_config(
        Some("iam {\n  allowed_resources = [\"arn:aws:dynamodb:*:*:table/*\"]\n}\n"),
        &[],
    );
    assert!(finding(&v, "PE008", "aws_iam_policy.tables").is_none());
    assert!(finding(&v, "PE008", "aws_iam_policy.read").is_some());
}

#[test]
fn exclude_skips_files_relative_to_the_config() {
    let (v, code) = run_json(&[
        "testdata/config/excluded",
        "--config",
        "testdata/config/excluded/.pe-lint.hcl",
    ]);
    assert_eq!(code, 0, "{v:#}");
    assert_eq!(v["scan"]["resources"], 1);
    assert!(v["diagnostics"].as_array().unwrap().is_empty(), "{v:#}");

    // The same tree without the configuration: the broken file is read (exit 2).
    let dir = tempfile::tempdir().unwrap();
    for sub in ["legacy", "app"] {
        std::fs::create_dir(dir.path().join(sub)).unwrap();
        for e in std::fs::read_dir(Path::new("testdata/config/excluded").join(sub)).unwrap() {
            let e = e.unwrap();
            std::fs::copy(e.path(), dir.path().join(sub).join(e.file_name())).unwrap();
        }
    }
    let (_, code) = run_json(&[dir.path().to_str().unwrap()]);
    assert_eq!(code, 2);
    // And with a glob pattern written in the configuration.
    std::fs::write(
        dir.path().join(".pe-lint.hcl"),
        "exclude = [\"**/broken.tf\", \"legacy/*.tf\"]\n",
    )
    .unwrap();
    let (v, code) = run_json(&[dir.path().to_str().unwrap()]);
    assert_eq!(code, 0, "{v:#}");
}

#[test]
fn unknown_keys_and_type_errors_point_into_the_file() {
    let governed = [
        "testdata/config/invalid",
        "--config",
        "testdata/config/invalid/.pe-lint.hcl",
    ];
    let (v, code) = run_json(&governed);
    assert_eq!(code, 2);
    let diags: Vec<(String, u64, u64, String, String)> = v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["file"].as_str().unwrap_or("").to_string(),
                d["line"].as_u64().unwrap_or(0),
                d["column"].as_u64().unwrap_or(0),
                d["message"].as_str().unwrap().to_string(),
                d["help"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect();
    let file = "testdata/config/invalid/.pe-lint.hcl";
    let expect = [
        (
            1,
            1,
            "unknown key `enviroment`",
            "did you mean `environment`?",
        ),
        (2, 14, "`fail_on` must be a string, found a number", ""),
        (4, 7, "unknown rule `PE05`", "did you mean `PE005`?"),
        (
            8,
            31,
            "unknown environment `qa` in `retention_days`",
            "known keys: prod, staging, dev",
        ),
        (9, 19, "invalid glob \"[abc\"", ""),
    ];
    assert_eq!(diags.len(), expect.len(), "{diags:#?}");
    for ((f, line, col, msg, help), (el, ec, em, eh)) in diags.iter().zip(expect) {
        assert_eq!(f, file);
        assert_eq!((*line, *col), (el, ec), "{msg}");
        assert!(msg.starts_with(em), "{msg:?} should start with {em:?}");
        assert!(help.starts_with(eh), "{help:?}");
    }
    // Nothing was checked with a half-applied configuration.
    assert!(v["findings"].as_array().unwrap().is_empty());

    // The human report shows the snippet of the configuration file.
    let out = pe_lint().args(governed).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("testdata/config/invalid/.pe-lint.hcl:1:1")
            && text.contains("enviroment = \"prod\"")
            && text.contains("did you mean `environment`?"),
        "{text}"
    );
}

#[test]
fn more_validation_errors() {
    let cases: &[(&str, &str)] = &[
        ("environment = \"qa\"\n", "must be dev, staging or prod"),
        ("environment = var.env\n", "found a reference"),
        ("retention_mode = \"max\"\n", "retention_mode"),
        ("retention_days = { prod = 0 }\n", "at least 1"),
        (
            "required_tags = [\"Project\", 3]\n",
            "must be a string, found a number",
        ),
        ("tag_values = [\"x\"]\n", "must be an object"),
        ("iam = {}\n", "is a block"),
        (
            "iam {\n  allowed_action = []\n}\n",
            "unknown key `allowed_action` in the `iam` block",
        ),
        (
            "rule \"PE001\" { enabled = \"yes\" }\n",
            "must be true or false",
        ),
        (
            "rule \"PE001\" { severity = \"never\" }\n",
            "must be error, warning or info",
        ),
        (
            "rule \"PE001\" { sevrity = \"info\" }\n",
            "unknown key `sevrity` in a `rule` block",
        ),
        ("rule \"PE001\" {}\nrule \"PE001\" {}\n", "configured twice"),
        (
            "fail_on = \"error\"\nfail_on = \"info\"\n",
            "redefined attribute",
        ),
        ("environment {}\n", "is an attribute"),
        ("exclude = \"legacy\"\n", "must be a list of strings"),
        ("environment = \n", "invalid configuration file"),
    ];
    for (text, want) in cases {
        let (v, code) = with_config(Some(text), &[]);
        assert_eq!(code, 2, "{text}");
        let msgs: Vec<&str> = v["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| d["message"].as_str().unwrap())
            .collect();
        assert!(
            msgs.iter().any(|m| m.contains(want)),
            "{text:?}: {msgs:?} lacks {want:?}"
        );
        assert!(v["diagnostics"][0]["line"].as_u64().is_some(), "{v:#}");
    }
    // A retention CloudWatch does not accept is a warning, not an error.
    let (v, code) = with_config(Some("retention_days = { prod = 100 }\n"), &[]);
    assert_eq!(code, 1, "{v:#}");
    assert_eq!(v["diagnostics"][0]["severity"], "warning");
}

#[test]
fn flags_win_over_the_file() {
    let cfg = "environment = \"staging\"\nfail_on = \"never\"\n";
    let (v, code) = with_config(Some(cfg), &["--env", "prod"]);
    assert_eq!(code, 0, "fail_on = never from the file");
    assert_eq!(v["scan"]["environment"], "prod");
    let fl = finding(&v, "PE005", "aws_cloudwatch_log_group.app").unwrap();
    assert!(fl["message"].as_str().unwrap().contains("90"), "{fl:#}");
    let (_, code) = with_config(Some(cfg), &["--fail-on", "error"]);
    assert_eq!(code, 1, "--fail-on wins");
}

/// Was `config_is_found_in_a_parent_directory`: the first path's nearest `.pe-lint.hcl` used to
/// govern the run. Now the root's file governs and one between a path and the root is nested:
/// its `enabled = false` is ignored (and named), whether a directory or a file is passed.
#[test]
fn a_config_in_a_parent_directory_below_the_root_is_nested() {
    for path in [
        "testdata/config/found-in-parent/infra/app",
        "testdata/config/found-in-parent/infra/app/main.tf",
    ] {
        let (v, code) = run_json(&[path]);
        assert_eq!(code, 1, "{v:#}");
        assert_eq!(rule_count(&v, "PE001", "failed"), 1, "{v:#}");
        let ignored: Vec<&Value> = v["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|d| d["code"] == "nested-config" && d["line"] == 2)
            .collect();
        assert_eq!(ignored.len(), 1, "{v:#}");
        assert_eq!(
            ignored[0]["file"],
            "testdata/config/found-in-parent/infra/.pe-lint.hcl"
        );
    }
}

/// The configuration at the git work tree's root governs a run on any directory or file
/// below it.
#[test]
fn the_config_at_the_git_root_governs_a_subdirectory() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join(".git")).unwrap();
    std::fs::create_dir_all(dir.path().join("infra/app")).unwrap();
    std::fs::copy(
        "testdata/config/found-in-parent/infra/app/main.tf",
        dir.path().join("infra/app/main.tf"),
    )
    .unwrap();
    std::fs::write(
        dir.path().join(".pe-lint.hcl"),
        "rule \"PE001\" {\n  enabled = false\n}\n",
    )
    .unwrap();
    for path in ["infra/app", "infra/app/main.tf"] {
        let p = dir.path().join(path);
        let (v, code) = run_json(&[p.to_str().unwrap()]);
        assert_eq!(code, 0, "{v:#}");
        assert_eq!(rule_count(&v, "PE001", "checked"), 0);
        assert!(v["diagnostics"].as_array().unwrap().is_empty(), "{v:#}");
    }
}

#[test]
fn explicit_config_flag() {
    let (v, code) = run_json(&[
        "testdata/config/excluded/app",
        "--config",
        "testdata/config/found-in-parent/infra/.pe-lint.hcl",
    ]);
    assert_eq!(code, 0, "{v:#}");
    assert_eq!(rule_count(&v, "PE001", "checked"), 0);
    // --config governs; the invalid file next to the code is a nested one, and an invalid
    // nested file fails the run (exit 2) while the tree is still checked. It used to be
    // skipped silently (exit 0).
    let (v, code) = run_json(&[
        "testdata/config/invalid",
        "--config",
        "testdata/config/kms-only/.pe-lint.hcl",
    ]);
    assert_eq!(code, 2, "{v:#}");
    assert!(
        v["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .any(|d| d["code"] == "config-error"
                && d["file"] == "testdata/config/invalid/.pe-lint.hcl"),
        "{v:#}"
    );
    assert_eq!(findings(&v), [f("PE001", "aws_kms_key.key", "fail")]);
    let (v, code) = run_json(&["testdata/config/kms-only", "--config", "no/such/file.hcl"]);
    assert_eq!(code, 2);
    assert!(
        v["diagnostics"][0]["message"]
            .as_str()
            .unwrap()
            .contains("cannot read the configuration file"),
        "{v:#}"
    );
}

/// Field names of `pub struct Settings` in src/rules/settings.rs.
fn settings_fields() -> Vec<String> {
    let src = std::fs::read_to_string("src/rules/settings.rs").unwrap();
    let start = src.find("pub struct Settings {").unwrap();
    let body = &src[start..start + src[start..].find("\n}").unwrap()];
    body.lines()
        .filter_map(|l| l.trim().strip_prefix("pub "))
        .filter_map(|l| l.split_once(':').map(|(n, _)| n.trim().to_string()))
        .filter(|n| !n.contains(' '))
        .collect()
}

#[test]
fn every_key_and_setting_is_documented() {
    let doc = std::fs::read_to_string("docs/configuration.md").unwrap();
    for key in pe_lint::internals::config::KEYS {
        assert!(
            doc.contains(&format!("### `{key}`")) || doc.contains(&format!("### `{key} \"")),
            "docs/configuration.md has no section for `{key}`"
        );
    }
    for key in pe_lint::internals::config::RULE_KEYS
        .iter()
        .chain(pe_lint::internals::config::IAM_KEYS)
    {
        assert!(
            doc.contains(&format!("`{key}`")),
            "`{key}` is not documented"
        );
    }
    let fields = settings_fields();
    assert!(fields.len() >= 10, "{fields:?}");
    for field in &fields {
        let key = pe_lint::internals::config::SETTINGS_FIELDS
            .iter()
            .find(|(f, _)| f == field)
            .map(|(_, k)| *k)
            .unwrap_or_else(|| panic!("Settings.{field} has no configuration key"));
        let top = key.split('.').next().unwrap();
        assert!(pe_lint::internals::config::KEYS.contains(&top), "{key}");
        assert!(
            doc.contains(&format!("`{field}`")),
            "docs/configuration.md does not name the settings field `{field}`"
        );
    }
    // Every default is stated.
    let defaults = pe_lint::internals::rules::Settings::default();
    for t in &defaults.required_tags {
        assert!(doc.contains(&format!("\"{t}\"")), "{t}");
    }
    for p in &defaults.api_lambda_patterns {
        assert!(doc.contains(&format!("\"{p}\"")), "{p}");
    }
    assert!(doc.contains("{ prod = 90, staging = 30, dev = 14 }"));
}

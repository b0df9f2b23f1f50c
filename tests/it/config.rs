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
    use pe_lint::internals::config;
    let doc = std::fs::read_to_string("docs/configuration.md").unwrap();
    let heading = |key: &str| {
        doc.contains(&format!("### `{key}`")) || doc.contains(&format!("### `{key} \""))
    };
    for key in config::top_keys() {
        assert!(
            heading(key),
            "docs/configuration.md has no section for `{key}`"
        );
    }
    for key in config::RULE_KEYS {
        assert!(
            doc.contains(&format!("`{key}`")),
            "`{key}` is not documented"
        );
    }
    // Every setting a built-in rule declares in its policy file: a section for its legacy key
    // (or its block's), its canonical `rule` block form, and its default.
    let rules = pe_lint::internals::rules::meta::builtin_set();
    let mut declared = 0;
    for m in rules.iter() {
        for d in &m.settings {
            declared += 1;
            let legacy = d.legacy.as_deref().unwrap_or(&d.name);
            let (section, item) = legacy.split_once('.').unwrap_or((legacy, legacy));
            assert!(heading(section), "no section for `{section}` ({})", d.name);
            assert!(
                doc.contains(&format!("`{item}`")),
                "`{item}` is not documented"
            );
            assert!(
                doc.contains(&format!("`rule \"{}\" {{ {} = ", m.id, d.name)),
                "docs/configuration.md does not show `rule \"{}\" {{ {} = ... }}`",
                m.id,
                d.name
            );
            assert!(
                doc.contains(&format!("`{}`", d.default.display())),
                "docs/configuration.md does not state the default of {}: `{}`",
                d.name,
                d.default.display()
            );
        }
    }
    assert_eq!(declared, 7);
    let fields = settings_fields();
    assert!(fields.len() >= 10, "{fields:?}");
    let derived = pe_lint::internals::rules::settings::BUILTIN_FIELDS;
    for field in &fields {
        let key = config::SETTINGS_FIELDS
            .iter()
            .find(|(f, _)| f == field)
            .map(|(_, k)| k.to_string())
            .or_else(|| {
                let (_, id, name) = derived.iter().find(|(f, _, _)| f == field)?;
                let d = rules
                    .lookup(id)?
                    .settings
                    .iter()
                    .find(|d| d.name == *name)?;
                d.legacy.clone()
            })
            .unwrap_or_else(|| panic!("Settings.{field} has no configuration key"));
        let top = key.split('.').next().unwrap();
        assert!(config::top_keys().contains(&top), "{key}");
        assert!(
            doc.contains(&format!("`{field}`")),
            "docs/configuration.md does not name the settings field `{field}`"
        );
    }
}

/// Messages of the diagnostics with `code`, each with the file name and line.
fn coded(v: &Value, code: &str) -> Vec<(String, u64, String)> {
    v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["code"] == code)
        .map(|d| {
            let file = d["file"].as_str().unwrap_or("");
            let short = file.rsplit('/').take(2).collect::<Vec<_>>();
            (
                format!("{}/{}", short.get(1).unwrap_or(&""), short[0]),
                d["line"].as_u64().unwrap_or(0),
                d["message"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

/// A nested configuration file cannot loosen PE005's retention, whichever way it writes it: the
/// legacy top-level key with an environment alias, the rule's block, a lower mode. Each attempt
/// is named with its file and line, and the governing policy still decides the verdicts. A
/// raise applies.
#[test]
fn a_nested_config_cannot_loosen_retention_in_either_form() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::create_dir_all(root.join(".git")).unwrap();
    std::fs::copy("testdata/config/module/main.tf", root.join("main.tf")).unwrap();
    let governing = "environment = \"prod\"\nretention_days = { prod = 60 }\n";
    std::fs::write(root.join(".pe-lint.hcl"), governing).unwrap();
    for (sub, text) in [
        ("a", "retention_days = { production = 30 }\n"),
        (
            "b",
            "rule \"PE005\" {\n  retention_days = { dev = 7 }\n  retention_mode = \"minimum\"\n}\n",
        ),
    ] {
        std::fs::create_dir_all(root.join(sub)).unwrap();
        std::fs::write(root.join(sub).join(".pe-lint.hcl"), text).unwrap();
    }
    let (v, code) = run_json(&[root.to_str().unwrap()]);
    assert_eq!(code, 1, "{v:#}");
    let ignored: Vec<(String, u64, String)> = coded(&v, "nested-config")
        .into_iter()
        .filter(|(_, _, m)| m.contains("is ignored"))
        .collect();
    let want = |f: &str, line: u64, key: &str, why: &str| {
        (
            f.to_string(),
            line,
            format!("`{key}` in a nested configuration file is ignored: {why}"),
        )
    };
    assert_eq!(
        ignored,
        [
            want(
                "a/.pe-lint.hcl",
                1,
                "retention_days.prod",
                "30 days is shorter than 60"
            ),
            want(
                "b/.pe-lint.hcl",
                2,
                "rule.PE005.retention_days.dev",
                "7 days is shorter than 14"
            ),
            want(
                "b/.pe-lint.hcl",
                3,
                "rule.PE005.retention_mode",
                "\"minimum\" accepts more than \"exact\""
            ),
        ],
        "{v:#}"
    );
    // 60 days in prod, as governed: both log groups pass.
    assert_eq!(rule_count(&v, "PE005", "failed"), 0, "{v:#}");

    // Raising the retention tightens the policy: it applies.
    std::fs::write(
        root.join("b/.pe-lint.hcl"),
        "rule \"PE005\" {\n  retention_days = { prod = 90 }\n}\n",
    )
    .unwrap();
    std::fs::remove_file(root.join("a/.pe-lint.hcl")).unwrap();
    let (v, _) = run_json(&[root.to_str().unwrap()]);
    let fl = finding(&v, "PE005", "aws_cloudwatch_log_group.app").unwrap();
    assert_eq!(fl["status"], "fail", "{fl:#}");
    assert!(fl["message"].as_str().unwrap().contains("90"), "{fl:#}");
}

/// The built-in rules' settings written at their legacy top-level keys and in their rules'
/// blocks make the same run.
#[test]
fn legacy_keys_and_rule_blocks_give_identical_results() {
    let legacy = "environment = \"prod\"\nretention_days = { prod = 60 }\n\
                  required_tags = [\"Team\"]\napi_lambda_patterns = [\"edge\"]\n\
                  iam {\n  allowed_actions = [\"s3:Get*\"]\n}\n";
    let canonical = "environment = \"prod\"\nrule \"PE005\" { retention_days = { prod = 60 } }\n\
                     rule \"PE006\" { required_tags = [\"Team\"] }\n\
                     rule \"api-lambda-no-vpc\" { api_lambda_patterns = [\"edge\"] }\n\
                     rule \"PE008\" {\n  allowed_actions = [\"s3:Get*\"]\n}\n";
    let detail = |v: &Value| fields3(v, "findings", ["rule_id", "resource", "message"]);
    let (a, code_a) = with_config(Some(legacy), &[]);
    let (b, code_b) = with_config(Some(canonical), &[]);
    assert_eq!((code_a, code_b), (1, 1), "{a:#}\n{b:#}");
    assert_eq!(detail(&a), detail(&b));
    // Each setting took effect: the groups pass at 60 days, Team is missing everywhere, the
    // edge Lambda is an API Lambda in a VPC, s3:Get* is an accepted exception.
    assert_eq!(
        findings(&b),
        [
            f("PE006", "aws_kms_key.key", "fail"),
            f("PE001", "aws_kms_key.key", "fail"),
            f("PE006", "aws_cloudwatch_log_group.app", "fail"),
            f("PE006", "aws_lambda_function.edge", "fail"),
            f("PE007", "aws_lambda_function.edge", "fail"),
            f("PE006", "aws_cloudwatch_log_group.edge", "fail"),
            f("PE006", "aws_iam_policy.read", "fail"),
            f("PE006", "aws_iam_policy.tables", "fail"),
            f("PE008", "aws_iam_policy.tables", "fail"),
        ],
        "{b:#}"
    );
    assert!(coded(&b, "config-error").is_empty());
}

/// `--explain` lists a built-in rule's settings from its policy file.
#[test]
fn explain_lists_builtin_settings_from_the_policy_file() {
    let out = pe_lint().args(["--explain", "PE005"]).output().unwrap();
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("- `retention_days` (map(number), default `{dev = 14, prod = 90, staging = 30}`; keys prod, staging, dev; also the top-level `retention_days`): The retention in days"),
        "{text}"
    );
    assert!(
        text.contains("- `retention_mode` (string, default `\"exact\"`; one of \"exact\", \"minimum\"; also the top-level `retention_mode`)"),
        "{text}"
    );
}

//! The rule set is a value derived from policy files: a custom policy file's score, tags,
//! setting and evidence columns reach SARIF, `--explain`, `--list-rules`, the Markdown evidence,
//! the configuration's validation and the suppressions; a built-in rule's SARIF score and tags
//! are its policy file's.
//!
//! `PE_LINT_BIN` runs these tests against another build (to see them fail on one from before
//! the rule set was derived from the policy files).

use std::path::Path;
use std::process::{Command, Output};

use serde_json::Value;

use crate::common::{diagnostics_coded, repo, write_tree};

const POLICY: &str = r#"
rule "ORG901" {
  name              = "bucket-prefix"
  severity          = "warning"
  summary           = "Bucket names start with the organisation's prefix."
  requirement       = "Buckets are named after their owner"
  remediation       = "Rename the bucket."
  security_severity = 9.1
  tags              = ["storage", "naming"]

  setting "prefix" {
    type    = "string"
    default = "pe-"
    doc     = "What every bucket name starts with."
  }

  check "aws_s3_bucket" {
    assert  = startswith(self.bucket, settings.prefix)
    at      = "bucket"
    message = "`${self.bucket}` does not start with ${settings.prefix}"
  }

  evidence {
    title   = "Bucket names"
    intro   = "Each bucket's name (ORG901)."
    columns = [
      { title = "Name", path = "bucket" },
      { title = "Force destroy", path = "force_destroy" },
    ]
  }
}
"#;

const TF: &str = r#"
resource "aws_s3_bucket" "good" {
  bucket        = "pe-images"
  force_destroy = true
}

resource "aws_s3_bucket" "bad" {
  bucket = "acme-logs"
}
"#;

fn bin() -> Command {
    let exe = std::env::var("PE_LINT_BIN").unwrap_or_else(|_| env!("CARGO_BIN_EXE_pe-lint").into());
    let mut c = Command::new(exe);
    c.env("NO_COLOR", "1")
        .env("SOURCE_DATE_EPOCH", "0")
        .env_remove("TF_VAR_environment")
        .env_remove("TF_WORKSPACE");
    c
}

/// pe-lint on `tree` with the ORG901 policy directory and `args`.
fn run(tree: &Path, rules: &Path, args: &[&str]) -> Output {
    bin()
        .arg(tree)
        .arg("--rules")
        .arg(rules)
        .args(args)
        .output()
        .unwrap()
}

/// The exit code, the diagnostics (of a JSON report) or the whole output, and stderr.
fn text(o: &Output) -> String {
    let stdout = String::from_utf8_lossy(&o.stdout);
    let shown = serde_json::from_str::<Value>(&stdout)
        .map(|v| v["diagnostics"].to_string())
        .unwrap_or_else(|_| stdout.to_string());
    format!(
        "exit {:?}\n{shown}\nstderr:\n{}",
        o.status.code(),
        String::from_utf8_lossy(&o.stderr)
    )
}

fn json(o: &Output) -> Value {
    serde_json::from_slice(&o.stdout).unwrap_or_else(|e| panic!("{e}: {}", text(o)))
}

fn org901_status(report: &Value) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule_id"] == "ORG901")
        .map(|f| {
            (
                f["resource"].as_str().unwrap().to_string(),
                f["status"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    out.sort();
    out
}

#[test]
fn custom_score_and_tags_reach_sarif() {
    let rules = write_tree(&[("org.hcl", POLICY)]);
    let tree = write_tree(&[("main.tf", TF)]);
    let o = run(tree.path(), rules.path(), &["--format", "sarif"]);
    let sarif = json(&o);
    let rule = sarif["runs"][0]["tool"]["driver"]["rules"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == "ORG901")
        .cloned()
        .unwrap_or_else(|| panic!("no ORG901 descriptor: {}", text(&o)));
    assert_eq!(rule["properties"]["security-severity"], "9.1");
    assert_eq!(
        rule["properties"]["tags"],
        serde_json::json!(["compliance", "terraform", "aws", "storage", "naming"])
    );
    assert_eq!(rule["defaultConfiguration"]["level"], "warning");
}

#[test]
fn custom_setting_default_config_value_and_unknown_key() {
    let rules = write_tree(&[("org.hcl", POLICY)]);
    // The default prefix.
    let tree = write_tree(&[("main.tf", TF)]);
    let got = org901_status(&json(&run(
        tree.path(),
        rules.path(),
        &["--format", "json"],
    )));
    assert_eq!(got, [("aws_s3_bucket.bad".to_string(), "fail".to_string())]);
    // A declared setting, configured: accepted, and the check reads it.
    let cfg = "rule \"ORG901\" {\n  prefix = \"acme-\"\n}\n";
    let tree = write_tree(&[("main.tf", TF), (".pe-lint.hcl", cfg)]);
    let o = run(tree.path(), rules.path(), &["--format", "json"]);
    let report = json(&o);
    assert_eq!(
        org901_status(&report),
        [("aws_s3_bucket.good".to_string(), "fail".to_string())],
        "{}",
        text(&o)
    );
    // A setting of the wrong type, and a key the rule does not declare: refused, exit 2.
    for (cfg, want) in [
        (
            "rule \"ORG901\" {\n  prefix = 3\n}\n",
            "`prefix` must be a string, found a number",
        ),
        (
            "rule \"ORG901\" {\n  prefixes = \"acme-\"\n}\n",
            "unknown key `prefixes` in a `rule` block",
        ),
    ] {
        let tree = write_tree(&[("main.tf", TF), (".pe-lint.hcl", cfg)]);
        let o = run(tree.path(), rules.path(), &["--format", "json"]);
        assert_eq!(o.status.code(), Some(2), "{}", text(&o));
        let report = json(&o);
        let d = &report["diagnostics"][0];
        assert_eq!(d["code"], "config-error", "{}", text(&o));
        assert!(
            d["message"].as_str().unwrap().starts_with(want),
            "{}",
            text(&o)
        );
        assert_eq!(d["line"], 2, "{}", text(&o));
    }
    // A built-in rule declares no such setting: the same key is refused there.
    let cfg = "rule \"PE001\" {\n  prefix = \"acme-\"\n}\n";
    let tree = write_tree(&[("main.tf", TF), (".pe-lint.hcl", cfg)]);
    let o = run(tree.path(), rules.path(), &["--format", "json"]);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
}

#[test]
fn custom_rule_in_explain_list_and_suppressions() {
    let rules = write_tree(&[("org.hcl", POLICY)]);
    let tree = write_tree(&[("main.tf", TF)]);
    let o = run(tree.path(), rules.path(), &["--explain", "ORG901"]);
    let out = String::from_utf8_lossy(&o.stdout);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    assert!(
        out.contains(
            "\n## Settings\n\n- `prefix` (string, default `\"pe-\"`): What every bucket name starts with.\n"
        ),
        "{out}"
    );
    let o = run(tree.path(), rules.path(), &["--list-rules"]);
    let out = String::from_utf8_lossy(&o.stdout);
    let line = out
        .lines()
        .find(|l| l.starts_with("ORG901"))
        .unwrap_or_else(|| panic!("{out}"));
    assert!(
        line.contains("bucket-prefix") && line.contains("warning"),
        "{line}"
    );
    // A suppression may name the custom rule (by id and by name).
    let tf = TF.replace(
        "resource \"aws_s3_bucket\" \"bad\" {",
        "# pe-lint:ignore bucket-prefix reason=\"legacy name, renamed in Q3\"\nresource \"aws_s3_bucket\" \"bad\" {",
    );
    let tree = write_tree(&[("main.tf", &tf)]);
    let o = run(tree.path(), rules.path(), &["--format", "json"]);
    let report = json(&o);
    assert_eq!(
        org901_status(&report),
        [("aws_s3_bucket.bad".to_string(), "suppressed".to_string())],
        "{}",
        text(&o)
    );
    assert_eq!(report["diagnostics"], serde_json::json!([]), "{}", text(&o));
}

#[test]
fn custom_evidence_columns_reach_the_markdown_inventory() {
    let rules = write_tree(&[("org.hcl", POLICY)]);
    let tree = write_tree(&[("main.tf", TF)]);
    let o = run(tree.path(), rules.path(), &["--format", "markdown"]);
    let md = String::from_utf8_lossy(&o.stdout);
    let file = tree.path().join("main.tf").display().to_string();
    let want = format!(
        "### Bucket names\n\nEach bucket's name (ORG901).\n\n\
         | Resource | Name | Force destroy | Location | ORG901 |\n\
         | --- | --- | --- | --- | --- |\n\
         | `aws_s3_bucket.bad` | acme-logs | not set | `{file}:7` | **fail** |\n\
         | `aws_s3_bucket.good` | pe-images | true | `{file}:2` | pass |\n"
    );
    assert!(md.contains(&want), "{}", text(&o));
}

/// `security_severity = 8.0` and `tags = [...]` as the policy file writes them.
fn declared(policy: &str, key: &str) -> String {
    policy
        .lines()
        .find_map(|l| {
            let (k, v) = l.strip_prefix("  ")?.split_once('=')?;
            (!k.starts_with(' ') && k.trim() == key).then(|| v.trim().to_string())
        })
        .unwrap_or_else(|| panic!("no `{key}`"))
}

#[test]
fn builtin_scores_and_tags_are_the_policy_files() {
    let tree = write_tree(&[("main.tf", TF)]);
    let o = bin()
        .arg(tree.path())
        .args(["--format", "sarif"])
        .output()
        .unwrap();
    let sarif = json(&o);
    let descriptors = sarif["runs"][0]["tool"]["driver"]["rules"]
        .as_array()
        .unwrap()
        .clone();
    let mut seen = 0;
    for entry in std::fs::read_dir(repo().join("rules")).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        if !name.starts_with("PE") || !name.ends_with(".hcl") {
            continue;
        }
        let policy = std::fs::read_to_string(&path).unwrap();
        let id = &name[..5];
        let d = descriptors
            .iter()
            .find(|d| d["id"] == id)
            .unwrap_or_else(|| panic!("no descriptor for {id}"));
        let score: f64 = declared(&policy, "security_severity").parse().unwrap();
        assert_eq!(
            d["properties"]["security-severity"],
            format!("{score:.1}"),
            "{id}"
        );
        let tags: Vec<String> = serde_json::from_str(&declared(&policy, "tags")).unwrap();
        let mut want = vec!["compliance".to_string(), "terraform".into(), "aws".into()];
        want.extend(tags);
        assert_eq!(d["properties"]["tags"], serde_json::json!(want), "{id}");
        seen += 1;
    }
    assert_eq!(seen, descriptors.len());
}

#[test]
fn a_policy_file_with_a_bad_score_tag_or_setting_is_refused() {
    let tree = write_tree(&[("main.tf", TF)]);
    for (from, to, want) in [
        (
            "security_severity = 9.1",
            "security_severity = 11",
            "`security_severity` must be a number from 0.1 to 10.0",
        ),
        (
            "tags              = [\"storage\", \"naming\"]",
            "tags              = [\"Storage\"]",
            "tag \"Storage\": a tag is lower-case letters, digits and `-`",
        ),
        (
            "default = \"pe-\"",
            "default = 3",
            "the default of `prefix` is not a string",
        ),
        (
            "settings.prefix)",
            "settings.prefx)",
            "`settings` has no attribute `prefx`",
        ),
        // A custom rule cannot take over a top-level configuration key (`retention_days`
        // would then configure it instead of PE005).
        (
            "default = \"pe-\"",
            "default = \"pe-\"\n    legacy  = \"retention_days\"",
            "`legacy` is for built-in rules",
        ),
        (
            "default = \"pe-\"",
            "default = \"pe-\"\n    values  = [\"acme-\"]",
            "the default of `prefix` is not one of its `values`",
        ),
    ] {
        assert!(POLICY.contains(from), "{from}");
        let rules = write_tree(&[("org.hcl", &POLICY.replace(from, to))]);
        let o = run(tree.path(), rules.path(), &["--format", "json"]);
        assert_eq!(o.status.code(), Some(2), "{}", text(&o));
        let report = json(&o);
        let messages: Vec<&str> = diagnostics_coded(&report, "rule-invalid")
            .into_iter()
            .map(|d| d["message"].as_str().unwrap())
            .collect();
        assert!(
            messages.len() == 1 && messages[0].starts_with(want),
            "{want}: {}",
            text(&o)
        );
    }
}

/// The ways around a rule's setting: a nested configuration file (written by the change under
/// review) cannot change it, and a policy file cannot declare a setting that shadows a
/// built-in one (`settings.required_tags` would then read the rule's own default).
#[test]
fn a_setting_cannot_be_loosened_from_a_nested_file_or_shadow_a_builtin_one() {
    let rules = write_tree(&[("org.hcl", POLICY)]);
    let nested = "rule \"ORG901\" {\n  prefix = \"acme-\"\n}\n";
    let tree = write_tree(&[("main.tf", TF), ("sub/.pe-lint.hcl", nested)]);
    let o = run(tree.path(), rules.path(), &["--format", "json"]);
    let report = json(&o);
    assert_eq!(
        org901_status(&report),
        [("aws_s3_bucket.bad".to_string(), "fail".to_string())],
        "{}",
        text(&o)
    );
    let ignored: Vec<&str> = diagnostics_coded(&report, "nested-config")
        .into_iter()
        .map(|d| d["message"].as_str().unwrap())
        .collect();
    assert!(
        ignored.contains(
            &"`rule.ORG901.prefix` in a nested configuration file is ignored: the settings of custom rules come from the governing configuration"
        ),
        "{}",
        text(&o)
    );
    let shadowing = POLICY.replace("setting \"prefix\"", "setting \"required_tags\"");
    let rules = write_tree(&[("org.hcl", &shadowing)]);
    let o = run(tree.path(), rules.path(), &["--format", "json"]);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    assert!(
        text(&o).contains(
            "setting name \\\"required_tags\\\" is taken by a built-in setting or a `rule` block key"
        ),
        "{}",
        text(&o)
    );
}

/// `test-rules` runs each example through the same pipeline as a lint run, held in memory: it
/// writes nothing (no temporary folder), and an example that does not load is located in the
/// example's own file, not in a folder named after the process.
#[test]
fn test_rules_runs_examples_in_memory_through_the_pipeline() {
    let rules = write_tree(&[(
        "X001.hcl",
        r#"rule "X001" {
  name        = "bucket-named"
  severity    = "error"
  summary     = "s"
  requirement = "r"
  remediation = "m"
  check "aws_s3_bucket" {
    assert = self.bucket != null
  }
  example "pass" {
    code = <<-EOT
      resource "aws_s3_bucket" "b" {
        bucket = "x"
      }
    EOT
  }
  example "fail" {
    code = <<-EOT
      resource "aws_s3_bucket" "b" {
        bucket =
    EOT
  }
}
"#,
    )]);
    let tmp = tempfile::tempdir().unwrap();
    let out = bin()
        .arg("test-rules")
        .arg(rules.path())
        .env("TMPDIR", tmp.path())
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    let lines: Vec<&str> = stdout.lines().collect();
    assert!(
        lines[1].starts_with("  ok    X001 bucket-named  example \"pass\"")
            && lines[1].ends_with(": 1 passed, 0 failed, 0 unresolved"),
        "{stdout}"
    );
    assert!(
        lines[2].ends_with(": the example does not load")
            && lines[3]
                .starts_with("/nonexistent/pe-lint-test-rules/main.tf:2:11: error[parse-error]"),
        "{stdout}"
    );
    let left: Vec<_> = std::fs::read_dir(tmp.path()).unwrap().collect();
    assert!(left.is_empty(), "test-rules wrote to TMPDIR: {left:?}");
}

/// The built-in rules are what `rules/` holds: `build.rs` embeds every `rules/*.hcl`, byte for
/// byte and in name order, so a new policy file is a new rule without a line of Rust, and the
/// ids `--list-rules` shows are those of the files.
#[test]
fn the_builtin_rules_are_the_policy_files_in_rules() {
    use pe_lint::internals::rules::meta;
    let dir = repo().join("rules");
    let mut on_disk: Vec<(String, String)> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".hcl"))
        .map(|n| (n.clone(), std::fs::read_to_string(dir.join(&n)).unwrap()))
        .collect();
    on_disk.sort();
    let embedded: Vec<(String, String)> = meta::POLICY_FILES
        .iter()
        .map(|(n, t)| (n.to_string(), t.to_string()))
        .collect();
    assert_eq!(embedded, on_disk);
    let ids: Vec<String> = meta::builtin_set()
        .iter()
        .map(|m| m.id.to_string())
        .collect();
    let from_names: Vec<String> = on_disk.iter().map(|(n, _)| n[..5].to_string()).collect();
    assert_eq!(ids, from_names);
    let listed = bin().arg("--list-rules").output().unwrap();
    let listed = String::from_utf8_lossy(&listed.stdout);
    for id in &ids {
        assert!(
            listed.contains(id.as_str()),
            "{id} missing from --list-rules:\n{listed}"
        );
    }
}

/// The `evidence` block of a built-in policy file, as the Markdown table header it declares:
/// `| Key | Description | ... | Location | PE001 |`.
fn declared_header(policy: &str, id: &str) -> Option<String> {
    let block = policy
        .split("\n  evidence {\n")
        .nth(1)?
        .split("\n  }\n")
        .next()?;
    let quoted = |l: &str, key: &str| -> Option<String> {
        let rest = l.split(&format!("{key} = \"")).nth(1)?;
        Some(rest.split('"').next()?.to_string())
    };
    let mut head = vec![block
        .lines()
        .find_map(|l| quoted(l, "resource_column"))
        .unwrap_or_else(|| "Resource".into())];
    head.extend(
        block
            .lines()
            .filter(|l| l.trim_start().starts_with("{ title"))
            .filter_map(|l| quoted(l, "title")),
    );
    head.push("Location".into());
    match block
        .lines()
        .find(|l| l.trim_start().starts_with("verdicts"))
    {
        Some(l) => head.extend(l.split('"').skip(1).step_by(2).map(str::to_string)),
        None => head.push(id.to_string()),
    }
    Some(format!("| {} |", head.join(" | ")))
}

/// #18: the built-in tables of the Markdown inventory are their policy files' `evidence`
/// blocks. Each header is the one its file declares; and a copy of PE001's file, loaded as a
/// custom rule with a column renamed, renders the same table, computed cells included, under
/// the new title: no Markdown code knows the KMS table.
#[test]
fn builtin_inventory_tables_are_their_policy_files_evidence_blocks() {
    let tf = r#"
resource "aws_kms_key" "plain" {
  description = "no rotation"
}

resource "aws_kms_key" "signing" {
  customer_master_key_spec = "RSA_2048"
  key_usage                = "SIGN_VERIFY"
}

resource "aws_lambda_function" "f" {
  function_name = "f"
  role          = "arn:aws:iam::123456789012:role/f"
}

resource "aws_s3_bucket" "b" {}

resource "aws_sqs_queue" "q" {}

resource "aws_cloudwatch_log_group" "g" {}
"#;
    let tree = write_tree(&[("main.tf", tf)]);
    let o = bin()
        .arg(tree.path())
        .args(["--format", "markdown"])
        .output()
        .unwrap();
    let md = String::from_utf8_lossy(&o.stdout).to_string();
    let mut tables = 0;
    for entry in std::fs::read_dir(repo().join("rules")).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        if !name.starts_with("PE") || !name.ends_with(".hcl") {
            continue;
        }
        let policy = std::fs::read_to_string(&path).unwrap();
        if let Some(head) = declared_header(&policy, &name[..5]) {
            assert!(md.contains(&format!("\n{head}\n")), "{name}: {head}\n{md}");
            tables += 1;
        }
    }
    assert_eq!(
        tables, 5,
        "PE001-PE005 declare the KMS, S3, SQS, Lambda and log group tables"
    );
    let file = tree.path().join("main.tf").display().to_string();
    assert!(
        md.contains("| Function | Name | Reserved concurrency | VPC placement | Location | PE004 | PE007 |\n"),
        "{md}"
    );

    let pe001 = std::fs::read_to_string(repo().join("rules/PE001-kms-key-rotation.hcl")).unwrap();
    let copy = pe001
        .replace("rule \"PE001\"", "rule \"ORG801\"")
        .replace(
            "title           = \"KMS keys\"",
            "title           = \"Keys, again\"",
        )
        .replace("{ title = \"Rotation enabled\"", "{ title = \"Rotates\"");
    assert!(copy.contains("Keys, again") && copy.contains("\"Rotates\""));
    let rules = write_tree(&[("org.hcl", &copy)]);
    let o = run(tree.path(), rules.path(), &["--format", "markdown"]);
    let md = String::from_utf8_lossy(&o.stdout);
    let want = format!(
        "### Keys, again\n\nAutomatic key rotation (PE001).\n\n\
         | Key | Description | Key spec | Rotates | Rotation period (days) | Location | ORG801 |\n\
         | --- | --- | --- | --- | --- | --- | --- |\n\
         | `aws_kms_key.plain` | no rotation | SYMMETRIC_DEFAULT | not set (off) | — | `{file}:2` | **fail** |\n\
         | `aws_kms_key.signing` | not set | RSA_2048 | not set (off) | — | `{file}:6` | n/a: asymmetric or HMAC key (cannot rotate) |\n"
    );
    assert!(md.contains(&want), "{}", text(&o));
    // The built-in table is still PE001's own.
    assert!(
        md.contains("| Key | Description | Key spec | Rotation enabled | Rotation period (days) | Location | PE001 |\n"),
        "{md}"
    );
}

/// An `evidence` block that names a computed cell pe-lint does not have, or a column it cannot
/// show, is a policy-file error at the column's line (exit 2), never a table with a blank
/// column. Column titles from a policy file are escaped like any text from the tree.
#[test]
fn an_unknown_evidence_cell_is_a_policy_file_error_at_its_line() {
    let tree = write_tree(&[("main.tf", TF)]);
    let column = "{ title = \"Force destroy\", path = \"force_destroy\" },";
    assert!(POLICY.contains(column));
    let line = POLICY.lines().position(|l| l.trim() == column).unwrap() + 1;
    for (to, want) in [
        (
            "{ title = \"Force destroy\", cell = \"force_destroy_flag\" },",
            "unknown cell \"force_destroy_flag\"; the computed cells are kms_rotation_period,",
        ),
        (
            "{ title = \"Force destroy\", path = \"force_destroy\", cell = \"log_retention_days\" },",
            "a column needs a `title` and one of `path` or `cell`",
        ),
        (
            "{ title = \"Force destroy\", cell = 3 },",
            "`cell` in a column must be a string",
        ),
        (
            "{ title = \"Force destroy\", path = \"force_destroy\", absent = \"no\", refs = true },",
            "unknown key `refs` in a column",
        ),
        (
            "{ title = \"Force destroy\", path = \"force_destroy\", reference = \"yes\" },",
            "`reference` in a column must be a bool",
        ),
    ] {
        let rules = write_tree(&[("org.hcl", &POLICY.replace(column, to))]);
        let o = run(tree.path(), rules.path(), &["--format", "json"]);
        assert_eq!(o.status.code(), Some(2), "{}", text(&o));
        let report = json(&o);
        let d: Vec<&Value> = diagnostics_coded(&report, "rule-invalid");
        assert_eq!(d.len(), 1, "{to}: {}", text(&o));
        assert!(d[0]["message"].as_str().unwrap().starts_with(want), "{to}: {}", text(&o));
        assert!(d[0]["file"].as_str().unwrap().ends_with("org.hcl"), "{}", text(&o));
        assert_eq!(d[0]["line"], line, "{to}: {}", text(&o));
    }
    // The same for `not_applicable`, at its own line.
    let policy = POLICY.replace(
        "    columns = [\n",
        "    not_applicable = \"nope\"\n    columns = [\n",
    );
    let rules = write_tree(&[("org.hcl", &policy)]);
    let o = run(tree.path(), rules.path(), &["--format", "json"]);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    let na_line = policy
        .lines()
        .position(|l| l.contains("not_applicable"))
        .unwrap()
        + 1;
    assert_eq!(json(&o)["diagnostics"][0]["line"], na_line, "{}", text(&o));
    // An empty `verdicts` is refused, not a table without a verdict.
    let policy = POLICY.replace("    columns = [\n", "    verdicts = []\n    columns = [\n");
    let rules = write_tree(&[("org.hcl", &policy)]);
    let o = run(tree.path(), rules.path(), &["--format", "json"]);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    assert_eq!(
        json(&o)["diagnostics"][0]["message"],
        "`verdicts` needs at least one rule id",
        "{}",
        text(&o)
    );
    // A title cannot break the table: it is escaped.
    let rules = write_tree(&[(
        "org.hcl",
        &POLICY.replace("title = \"Name\"", "title = \"Name | <b>\""),
    )]);
    let o = run(tree.path(), rules.path(), &["--format", "markdown"]);
    let md = String::from_utf8_lossy(&o.stdout);
    assert!(
        md.contains("| Resource | Name \\| &lt;b&gt; | Force destroy | Location | ORG901 |\n"),
        "{}",
        text(&o)
    );
}

//! Checkov-style command-line controls: several outputs from one run (`--format FORMAT:FILE`),
//! `--check`/`--skip-check` by rule id or name, and `--soft-fail`, which never hides an
//! untrusted run. `PE_LINT_BIN` runs these against another build (to see them fail before a fix).

use std::path::Path;

use serde_json::Value;

use crate::common::{pe_lint, write_tree};

/// PE005 fails on line 7 (7 days of retention in prod); every other rule passes or is n/a.
const LOG_GROUP: &str = r#"variable "environment" {
  default = "prod"
}

resource "aws_cloudwatch_log_group" "app" {
  name              = "/photo-editor/app"
  retention_in_days = 7
  tags = {
    Project    = "photo-editor"
    Env        = "prod"
    Owner      = "team"
    CostCenter = "cc-1"
  }
}
"#;

const SUMMARY: &str = "pe-lint: 1 failing (PE005×1), 0 unresolved, 0 suppressed, 1 passed;";

fn run_in(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let mut cmd = pe_lint();
    if let Some(bin) = std::env::var_os("PE_LINT_BIN") {
        cmd = std::process::Command::new(bin);
        cmd.env("NO_COLOR", "1").env_remove("TF_VAR_environment");
    }
    let out = cmd.current_dir(dir).args(args).output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn read_json(path: &Path) -> Value {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{path:?}: {e}"));
    serde_json::from_str(&text).unwrap()
}

#[test]
fn several_formats_in_one_run_keep_the_console_output() {
    let tree = write_tree(&[("main.tf", LOG_GROUP)]);
    let dir = tree.path();
    let args = [
        "--format",
        "human",
        "--format",
        "sarif:report.sarif",
        "--format=junit:out/junit.xml",
        "--format",
        "json:report.json",
        ".",
    ];
    std::fs::create_dir(dir.join("out")).unwrap();
    let (code, stdout, stderr) = run_in(dir, &args);
    assert_eq!(code, 1, "{stdout}{stderr}");
    // The console keeps the human report, which ends with the summary: stderr says nothing.
    assert!(
        stdout.contains("× [fail] aws_cloudwatch_log_group.app"),
        "{stdout}"
    );
    assert!(
        stdout.lines().last().unwrap().starts_with(SUMMARY),
        "{stdout}"
    );
    assert_eq!(stderr, "");
    let sarif = read_json(&dir.join("report.sarif"));
    let result = &sarif["runs"][0]["results"][0];
    assert_eq!(result["ruleId"], "PE005");
    assert_eq!(result["level"], "error");
    assert_eq!(
        result["locations"][0]["physicalLocation"]["region"]["startLine"],
        7
    );
    assert_eq!(sarif["runs"][0]["invocations"][0]["exitCode"], 1);
    let json = read_json(&dir.join("report.json"));
    assert_eq!(
        json["outcome"],
        serde_json::json!({"result": "fail", "exit_code": 1})
    );
    assert_eq!(json["findings"][0]["line"], 7);
    let junit = std::fs::read_to_string(dir.join("out/junit.xml")).unwrap();
    assert!(junit.contains("failures=\"1\""), "{junit}");
    // The files hold no colour even when the console might.
    assert!(!junit.contains('\u{1b}'));
}

#[test]
fn formats_only_to_files_leave_the_summary_on_stderr() {
    let tree = write_tree(&[("main.tf", LOG_GROUP)]);
    let dir = tree.path();
    let (code, stdout, stderr) = run_in(dir, &["--format", "github:gh.txt", "."]);
    assert_eq!(code, 1, "{stdout}{stderr}");
    assert_eq!(stdout, "");
    assert!(stderr.starts_with(SUMMARY), "{stderr}");
    let gh = std::fs::read_to_string(dir.join("gh.txt")).unwrap();
    assert!(gh.starts_with("::error file=main.tf,line=7,"), "{gh}");
    // A human report written to a file is the console's, summary line included.
    let (_, stdout, stderr) = run_in(dir, &["--format", "json", "--format", "human:h.txt", "."]);
    let json: Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(json["findings"][0]["rule_id"], "PE005");
    assert!(stderr.starts_with(SUMMARY), "{stderr}");
    let human = std::fs::read_to_string(dir.join("h.txt")).unwrap();
    assert!(
        human.lines().last().unwrap().starts_with(SUMMARY),
        "{human}"
    );
}

/// Each usage error exits 2 before anything is written, naming what is wrong.
#[test]
fn outputs_that_collide_are_usage_errors() {
    let tree = write_tree(&[("main.tf", LOG_GROUP)]);
    let dir = tree.path();
    let cases: [(&[&str], &str); 6] = [
        (
            &["--format", "human", "--format", "json", "."],
            "--format human and --format json would both go to standard output",
        ),
        (
            &["--format", "sarif", "--format", "json", "-o", "r.txt", "."],
            "--format sarif and --format json would both go to -o",
        ),
        (
            &["--format", "sarif:a.sarif", "-o", "r.txt", "."],
            "-o names the file of the --format without a FILE, and every --format has one",
        ),
        (
            &["--format", "sarif:a.out", "--format", "json:./a.out", "."],
            "two outputs are written to \"./a.out\"",
        ),
        (
            &["--format", "sarif:", "."],
            "--format \"sarif:\" names no file after the `:`",
        ),
        (
            &["--format", "sarif:main.tf", "."],
            "--format writes \"main.tf\", which is named like a Terraform file",
        ),
    ];
    for (args, want) in cases {
        let (code, stdout, stderr) = run_in(dir, args);
        assert_eq!(code, 2, "{args:?}: {stdout}{stderr}");
        assert!(stderr.contains(want), "{args:?}: {stderr}");
        assert_eq!(stdout, "", "{args:?}");
    }
    assert_eq!(
        std::fs::read_to_string(dir.join("main.tf")).unwrap(),
        LOG_GROUP
    );
    assert!(!dir.join("a.out").exists() && !dir.join("a.sarif").exists());
    let (code, _, stderr) = run_in(dir, &["--format", "yaml:x.yaml", "."]);
    assert_eq!(code, 2);
    assert!(stderr.contains("unknown format \"yaml\""), "{stderr}");
}

fn setting<'a>(json: &'a Value, name: &str) -> Option<&'a Value> {
    json["scan"]["settings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["name"] == name)
}

fn rule_status(json: &Value, id: &str) -> String {
    let rules = json["rules"].as_array().unwrap();
    let rule = rules.iter().find(|r| r["id"] == id).unwrap();
    rule["status"].as_str().unwrap().to_string()
}

#[test]
fn skip_check_takes_ids_or_names_and_the_evidence_says_so() {
    let tree = write_tree(&[("main.tf", LOG_GROUP)]);
    let dir = tree.path();
    for skip in ["PE005", "pe005", "log-retention", "PE001,log-retention"] {
        let args = [
            "--skip-check",
            skip,
            "--format",
            "json",
            "--evidence-dir",
            "ev",
            ".",
        ];
        let (code, stdout, stderr) = run_in(dir, &args);
        assert_eq!(code, 0, "{skip}: {stdout}{stderr}");
        let json: Value = serde_json::from_str(&stdout).unwrap();
        assert_eq!(rule_status(&json, "PE005"), "disabled", "{skip}");
        assert_eq!(json["findings"].as_array().unwrap().len(), 0, "{skip}");
        assert_eq!(
            setting(&json, "rule.PE005.enabled"),
            Some(&serde_json::json!({
                "name": "rule.PE005.enabled", "value": "false", "default": "true",
                "from": "--skip-check"
            })),
            "{skip}"
        );
        let md = std::fs::read_to_string(dir.join("ev/report.md")).unwrap();
        assert!(
            md.contains("Not checked: **skipped by the command line** (`--skip-check`)."),
            "{md}"
        );
        assert!(!md.contains("disabled by configuration"), "{md}");
    }
}

#[test]
fn check_keeps_only_the_named_rules() {
    let tree = write_tree(&[("main.tf", LOG_GROUP)]);
    let dir = tree.path();
    let (code, stdout, stderr) = run_in(dir, &["--check", "PE001,PE002", "--format", "json", "."]);
    assert_eq!(code, 0, "{stdout}{stderr}");
    let json: Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(rule_status(&json, "PE005"), "disabled");
    assert_eq!(rule_status(&json, "PE001"), "not_applicable");
    assert_eq!(
        setting(&json, "rule.PE005.enabled").unwrap()["from"],
        "--check"
    );
    assert!(setting(&json, "rule.PE001.enabled").is_none());
    // Repeatable, by name; the skip of another rule on top.
    let args = [
        "--check",
        "PE001",
        "--check",
        "log-retention",
        "--skip-check",
        "PE001",
        "--format",
        "json",
        ".",
    ];
    let (code, stdout, _) = run_in(dir, &args);
    assert_eq!(code, 1, "{stdout}");
    let json: Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(rule_status(&json, "PE005"), "fail");
    assert_eq!(
        setting(&json, "rule.PE001.enabled").unwrap()["from"],
        "--skip-check"
    );
}

#[test]
fn an_unknown_rule_on_the_command_line_is_a_usage_error() {
    let tree = write_tree(&[("main.tf", LOG_GROUP)]);
    let dir = tree.path();
    let cases: [(&[&str], &str); 5] = [
        (
            &["--skip-check", "main.tf"],
            "--check/--skip-check \"main.tf\" is named like a Terraform file; if a list of file \
             names was appended to the command, put `--` before it",
        ),
        (
            &["--skip-check", "PE05", "."],
            "pe-lint: error: --skip-check: unknown rule `PE05`; did you mean `PE005`?",
        ),
        (
            &["--check", "PE001,log-retension", "."],
            "pe-lint: error: --check: unknown rule `log-retension`; did you mean `log-retention`?",
        ),
        // A file list appended after the flag names no rule: refused, not skipped.
        (
            &["--skip-check", "main-x", "."],
            "pe-lint: error: --skip-check: unknown rule `main-x`",
        ),
        (
            &["--check", "PE001,", "."],
            "pe-lint: error: --check has an empty entry",
        ),
    ];
    for (args, want) in cases {
        let (code, stdout, stderr) = run_in(dir, args);
        assert_eq!(code, 2, "{args:?}: {stdout}{stderr}");
        assert!(stderr.contains(want), "{args:?}: {stderr}");
        assert_eq!(stdout, "", "{args:?}");
    }
}

/// The bypass through a file list appended without `--`: a committed file named
/// `--skip-check=PE005,zz.tf` is an option. Custom rule names are slugs (no `.`), so no rule is
/// called `zz.tf` today; the refusal does not depend on that.
#[test]
fn a_rule_list_named_like_a_terraform_file_is_refused() {
    let tree = write_tree(&[
        ("main.tf", LOG_GROUP),
        ("--skip-check=PE005,zz.tf", LOG_GROUP),
        (".git/HEAD", "ref: x\n"),
    ]);
    let (code, stdout, stderr) = run_in(tree.path(), &["main.tf", "--skip-check=PE005,zz.tf"]);
    assert_eq!(code, 2, "{stdout}{stderr}");
    assert!(
        stderr.contains("--check/--skip-check \"zz.tf\" is named like a Terraform file"),
        "{stderr}"
    );
}

#[test]
fn soft_fail_exits_0_on_failing_findings_and_every_format_says_so() {
    let tree = write_tree(&[("main.tf", LOG_GROUP)]);
    let dir = tree.path();
    let args = [
        "--soft-fail",
        "--format",
        "json",
        "--format",
        "sarif:r.sarif",
        "--format",
        "human:h.txt",
        ".",
    ];
    let (code, stdout, stderr) = run_in(dir, &args);
    assert_eq!(code, 0, "{stdout}{stderr}");
    let json: Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(
        json["outcome"],
        serde_json::json!({"result": "fail", "exit_code": 0})
    );
    assert_eq!(setting(&json, "soft_fail").unwrap()["from"], "--soft-fail");
    let sarif = read_json(&dir.join("r.sarif"));
    assert_eq!(sarif["runs"][0]["invocations"][0]["exitCode"], 0);
    assert_eq!(sarif["runs"][0]["results"][0]["level"], "error");
    assert!(
        stderr.starts_with(SUMMARY) && stderr.trim_end().ends_with("; exit code 0 (--soft-fail)"),
        "{stderr}"
    );
}

/// The bypass: `--soft-fail` must not turn a run that could not be trusted into a pass.
#[test]
fn soft_fail_never_hides_an_untrusted_run() {
    let tree = write_tree(&[("main.tf", LOG_GROUP), ("broken.tf", "resource \"x\" {\n")]);
    let dir = tree.path();
    let (code, stdout, stderr) = run_in(dir, &["--soft-fail", "--format", "json", "."]);
    assert_eq!(code, 2, "{stdout}{stderr}");
    let json: Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(json["outcome"]["exit_code"], 2);
    let (code, _, _) = run_in(dir, &["--soft-fail", "missing/"]);
    assert_eq!(code, 2);
    let empty = write_tree(&[("README.md", "x")]);
    let (code, _, _) = run_in(empty.path(), &["--soft-fail", "."]);
    assert_eq!(code, 2);
}

#[test]
fn an_output_folder_is_created_and_one_that_cannot_be_is_named() {
    let tree = write_tree(&[("main.tf", LOG_GROUP), ("blocker", "")]);
    let dir = tree.path();
    let (code, _, stderr) = run_in(dir, &["--format", "sarif", "-o", "new/dir/r.sarif", "."]);
    assert_eq!(code, 1, "{stderr}");
    read_json(&dir.join("new/dir/r.sarif"));
    for args in [
        &["--format", "sarif", "-o", "blocker/r.sarif", "."][..],
        &[
            "--format",
            "human",
            "--format",
            "sarif:blocker/r.sarif",
            ".",
        ][..],
    ] {
        let (code, _, stderr) = run_in(dir, args);
        assert_eq!(code, 2, "{args:?}: {stderr}");
        assert!(
            stderr.contains(
                "pe-lint: cannot write the report to blocker/r.sarif: blocker is not a folder"
            ),
            "{args:?}: {stderr}"
        );
        // The other outputs, the evidence and the summary are still written.
        let (code, stdout, stderr) = run_in(dir, &[args, &["--evidence-dir", "ev"]].concat());
        assert_eq!(code, 2, "{stderr}");
        assert!(dir.join("ev/report.md").is_file());
        let both = format!("{stdout}{stderr}");
        assert!(both.contains(SUMMARY), "{args:?}: {both}");
        std::fs::remove_dir_all(dir.join("ev")).unwrap();
    }
}

/// A missing path is no configuration error: the summary and the evidence name what failed.
#[test]
fn the_summary_names_a_missing_path() {
    let tree = write_tree(&[("main.tf", LOG_GROUP)]);
    let dir = tree.path();
    let (code, stdout, _) = run_in(dir, &[".", "nothere/"]);
    assert_eq!(code, 2, "{stdout}");
    let last = stdout.lines().last().unwrap();
    assert!(
        last.starts_with(
            "pe-lint: 1 failing (PE005×1), 0 unresolved, 0 suppressed, 1 passed, \
             1 error: nothere/: no such file or directory; 1 file"
        ),
        "{last}"
    );
    assert!(!stdout.contains("reading the configuration"), "{stdout}");
    let (_, md, _) = run_in(dir, &["--format", "markdown", ".", "nothere/"]);
    assert!(
        md.contains("**Result: ❗ INCOMPLETE: 1 error: nothere/: no such file or directory (see"),
        "{md}"
    );
    // Several errors: counted per kind.
    let (_, _, stderr) = run_in(dir, &["--format", "json", ".", "a/", "b.tf", "x.tfvars"]);
    assert!(stderr.contains(", 3 errors (missing-path×3);"), "{stderr}");
}

#[test]
fn a_missing_rules_dirs_entry_points_at_the_configuration_line() {
    let config = "environment = \"prod\"\nrules_dirs  = [\"nothere\"]\n";
    let tree = write_tree(&[("main.tf", LOG_GROUP), (".pe-lint.hcl", config)]);
    let (code, stdout, stderr) = run_in(tree.path(), &["--format", "json", "."]);
    assert_eq!(code, 2, "{stdout}{stderr}");
    let json: Value = serde_json::from_str(&stdout).unwrap();
    let diags = json["diagnostics"].as_array().unwrap();
    assert_eq!(diags.len(), 1, "{diags:?}");
    assert_eq!(diags[0]["code"], "rules-dir");
    assert_eq!(diags[0]["file"], ".pe-lint.hcl");
    assert_eq!(diags[0]["line"], 2);
    assert_eq!(
        diags[0]["message"],
        "rules_dirs names nothere, which does not exist"
    );
    assert!(!diags[0]["help"].as_str().unwrap().contains("--rules"));
    // The rest of the tree is still checked.
    assert_eq!(json["findings"][0]["rule_id"], "PE005");
    assert!(
        stderr.contains("1 error: .pe-lint.hcl:2: rules_dirs names nothere, which does not exist;"),
        "{stderr}"
    );
}

/// Two log groups failing PE005, one more suppressed inline, and a queue failing PE003.
const GROUPED: &str = r#"variable "environment" {
  default = "prod"
}

locals {
  tags = { Project = "photo-editor", Env = "prod", Owner = "team", CostCenter = "cc-1" }
}

resource "aws_cloudwatch_log_group" "a" {
  retention_in_days = 7
  tags              = local.tags
}

# pe-lint:ignore PE005 reason="migrating"
resource "aws_cloudwatch_log_group" "b" {
  retention_in_days = 7
  tags              = local.tags
}

resource "aws_cloudwatch_log_group" "c" {
  retention_in_days = 14
  tags              = local.tags
}

resource "aws_sqs_queue" "q" {
  tags = local.tags
}
"#;

/// The lines that name a rule: its header, or miette's code line over one finding.
fn rule_lines(out: &str) -> Vec<&str> {
    out.lines()
        .filter(|l| l.starts_with("PE00") || l.trim_start().starts_with("PE00"))
        .collect()
}

#[test]
fn the_human_output_groups_findings_under_one_header_per_rule() {
    let tree = write_tree(&[("main.tf", GROUPED)]);
    let dir = tree.path();
    let (code, out, _) = run_in(dir, &["."]);
    assert_eq!(code, 1, "{out}");
    assert_eq!(
        rule_lines(&out),
        [
            "PE003 sqs-dlq-redrive (pe-lint --explain PE003): 1 failing",
            "PE005 log-retention (pe-lint --explain PE005): 2 failing",
        ],
        "{out}"
    );
    let a = out.find("aws_cloudwatch_log_group.a:").unwrap();
    let c = out.find("aws_cloudwatch_log_group.c:").unwrap();
    assert!(
        out.find("PE005 log-retention").unwrap() < a && a < c,
        "{out}"
    );
    // Suppressed findings: one line, no snippet.
    assert!(!out.contains("aws_cloudwatch_log_group.b"), "{out}");
    assert!(
        out.contains(
            "\n1 suppressed finding is not shown (inline×1); `--show-suppressed` lists them\n"
        ),
        "{out}"
    );
    let (_, all, _) = run_in(dir, &["--show-suppressed", "."]);
    assert!(
        all.contains("PE005 log-retention (pe-lint --explain PE005): 2 failing, 1 suppressed\n"),
        "{all}"
    );
    assert!(
        all.contains("[suppressed] aws_cloudwatch_log_group.b: `retention_in_days` is 7"),
        "{all}"
    );
    assert!(!all.contains("not shown"), "{all}");
}

/// Baselined findings are suppressed too: a baseline must not flood the console either, and
/// the JSON report still lists every one of them.
#[test]
fn baselined_findings_are_one_line_in_the_human_output() {
    let tree = write_tree(&[("main.tf", GROUPED)]);
    let dir = tree.path();
    let (code, _, stderr) = run_in(dir, &["--write-baseline", "base.json", "."]);
    assert!(code == 0 || code == 1, "{stderr}");
    let (code, out, _) = run_in(dir, &["--baseline", "base.json", "."]);
    assert_eq!(code, 0, "{out}");
    assert!(rule_lines(&out).is_empty(), "{out}");
    assert!(
        out.contains(
            "\n4 suppressed findings are not shown (baseline×3, inline×1); `--show-suppressed` lists them\n"
        ),
        "{out}"
    );
    let (_, json, _) = run_in(dir, &["--baseline", "base.json", "--format", "json", "."]);
    let json: Value = serde_json::from_str(&json).unwrap();
    assert_eq!(json["findings"].as_array().unwrap().len(), 4);
}

/// `--explain` takes a rule's name as the configuration and suppressions do, custom rules too.
#[test]
fn explain_accepts_rule_names() {
    let repo = crate::common::repo();
    for asked in ["log-retention", "LOG-RETENTION", "pe005"] {
        let (code, out, err) = run_in(repo, &["--explain", asked]);
        assert_eq!(code, 0, "{asked}: {err}");
        assert!(out.starts_with("# PE005 log-retention\n"), "{asked}: {out}");
    }
    let (code, out, err) = run_in(
        repo,
        &["--rules", "rules/examples", "--explain", "queue-alarms"],
    );
    assert_eq!(code, 0, "{err}");
    assert!(out.starts_with("# ORG007 queue-alarms"), "{out}");
    let (code, out, err) = run_in(repo, &["--explain", "log-retension"]);
    assert_eq!((code, out.as_str()), (2, ""));
    assert_eq!(
        err,
        "pe-lint: --explain: unknown rule `log-retension`; did you mean `log-retention`?\n"
    );
}

/// The combination docs/ci.md shows: annotations on standard output, SARIF and JUnit in files.
#[test]
fn github_annotations_with_sarif_and_junit_files() {
    let tree = write_tree(&[("main.tf", LOG_GROUP)]);
    let dir = tree.path();
    let args = [
        ".",
        "--format",
        "github",
        "--format",
        "sarif:pe-lint.sarif",
        "--format",
        "junit:pe-lint.xml",
    ];
    let (code, stdout, stderr) = run_in(dir, &args);
    assert_eq!(code, 1, "{stdout}{stderr}");
    assert!(stdout.lines().all(|l| l.starts_with("::")), "{stdout}");
    assert!(
        stdout.starts_with("::error file=main.tf,line=7,"),
        "{stdout}"
    );
    assert!(stderr.starts_with(SUMMARY), "{stderr}");
    let sarif = read_json(&dir.join("pe-lint.sarif"));
    assert_eq!(sarif["runs"][0]["results"][0]["ruleId"], "PE005");
    let junit = std::fs::read_to_string(dir.join("pe-lint.xml")).unwrap();
    assert!(junit.contains("failures=\"1\""), "{junit}");
}

/// `-o /dev/null` writes into the device: the temporary-file rename used for regular files
/// replaced the device node with a regular file when run as root (every later `2>/dev/null`
/// on the machine then appended to it).
#[cfg(unix)]
#[test]
fn output_to_a_character_device_keeps_the_device() {
    use std::os::unix::fs::FileTypeExt;
    let tmp = write_tree(&[(
        "main.tf",
        "resource \"aws_kms_key\" \"k\" {\n  enable_key_rotation = true\n}\n",
    )]);
    let (code, _, err) = run_in(tmp.path(), &["--format", "json", "-o", "/dev/null", "."]);
    assert_eq!(code, 1, "the key has no cost tags: {err}");
    let kind = std::fs::symlink_metadata("/dev/null").unwrap().file_type();
    assert!(
        kind.is_char_device(),
        "/dev/null is no longer a device: {kind:?}"
    );
}

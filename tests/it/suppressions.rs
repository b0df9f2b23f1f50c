//! Inline suppressions (each comment form and scope, reasons, expiry, unused, migration forms,
//! `.tf.json`) and baselines.

use serde_json::Value;
use std::path::Path;
use std::process::Command;

use crate::common::json_run;

/// 2026-01-01T00:00:00Z
const JAN_2026: &str = "1767225600";

fn pe_lint(date: &str) -> Command {
    let mut c = crate::common::pe_lint();
    c.env("SOURCE_DATE_EPOCH", date);
    c
}

fn run_at(date: &str, args: &[&str]) -> (Value, i32) {
    json_run(&mut pe_lint(date), args)
}

fn run(args: &[&str]) -> (Value, i32) {
    run_at(JAN_2026, args)
}

fn find<'a>(v: &'a Value, rule: &str, resource: &str) -> &'a Value {
    v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule_id"] == rule && f["resource"] == resource)
        .unwrap_or_else(|| panic!("no {rule} finding on {resource}: {:#}", v["findings"]))
}

fn status(v: &Value, rule: &str, resource: &str) -> String {
    find(v, rule, resource)["status"]
        .as_str()
        .unwrap()
        .to_string()
}

/// (code, line, message) of every diagnostic.
fn diags(v: &Value) -> Vec<(String, u64, String)> {
    v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["code"].as_str().unwrap().to_string(),
                d["line"].as_u64().unwrap_or(0),
                d["message"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

fn line_of(file: &str, needle: &str) -> u64 {
    let text = std::fs::read_to_string(file).unwrap();
    text.lines()
        .position(|l| l.contains(needle))
        .unwrap_or_else(|| panic!("{needle:?} not in {file}")) as u64
        + 1
}

/// The line whose whole (trimmed) text is `text`.
fn exact_line(file: &str, text: &str) -> u64 {
    let src = std::fs::read_to_string(file).unwrap();
    src.lines()
        .position(|l| l.trim() == text)
        .unwrap_or_else(|| panic!("{text:?} not in {file}")) as u64
        + 1
}

#[test]
fn hcl_comment_forms_and_scopes() {
    let (v, code) = run(&["testdata/suppressions/hcl"]);
    assert_eq!(code, 1, "{v:#}");
    // Before the block (the finding is at the block header: no enable_key_rotation).
    let f = find(&v, "PE001", "aws_kms_key.block_scope");
    assert_eq!(f["status"], "suppressed");
    assert_eq!(f["suppression"]["kind"], "inSource");
    assert_eq!(f["suppression"]["reason"], "legacy key, rotated by hand");
    assert_eq!(f["suppression"]["original_status"], "fail");
    assert_eq!(f["suppression"]["until"], Value::Null);
    // At the end of the attribute's line, before the attribute (`//`), on the header line.
    assert_eq!(status(&v, "PE001", "aws_kms_key.trailing"), "suppressed");
    let f = find(&v, "PE001", "aws_kms_key.attr_before");
    assert_eq!(f["status"], "suppressed");
    assert_eq!(f["suppression"]["until"], "2099-12-31");
    assert_eq!(status(&v, "PE001", "aws_kms_key.header"), "suppressed");
    // Before another attribute: the finding is elsewhere, so it fails.
    assert_eq!(status(&v, "PE001", "aws_kms_key.other_attr"), "fail");
    // Multi-rule, in a block comment.
    assert_eq!(status(&v, "PE003", "aws_sqs_queue.multi"), "suppressed");
    assert_eq!(status(&v, "PE006", "aws_sqs_queue.multi"), "suppressed");
    // Strings and heredocs are not comments.
    assert_eq!(status(&v, "PE001", "aws_kms_key.in_string"), "fail");
    // In a module: every instance.
    assert_eq!(
        status(&v, "PE001", "module.twice[\"a\"].aws_kms_key.inner"),
        "suppressed"
    );
    assert_eq!(
        status(&v, "PE001", "module.twice[\"b\"].aws_kms_key.inner"),
        "suppressed"
    );
    // Exactly these fail.
    let failing: Vec<&str> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["status"] == "fail")
        .map(|f| f["resource"].as_str().unwrap())
        .collect();
    assert_eq!(
        failing,
        [
            "aws_kms_key.other_attr",
            "aws_kms_key.expired",
            "aws_kms_key.no_reason",
            "aws_kms_key.in_string"
        ]
    );
    assert_eq!(v["summary"]["suppressed"], 8);
}

/// Comments inside expressions: in an object value, between a call's arguments, in an object
/// nested in a call (placed, so reported unused there), and a heredoc line (text, not a
/// comment).
#[test]
fn comments_inside_expressions() {
    let dir = crate::common::write_tree(&[("main.tf", IN_EXPRESSIONS)]);
    let (v, code) = run(&[dir.path().to_str().unwrap()]);
    assert_eq!(code, 1, "{v:#}");
    let findings: Vec<(String, String, String, u64)> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            let s = |k: &str| f[k].as_str().unwrap().to_string();
            (
                s("rule_id"),
                s("resource"),
                s("status"),
                f["line"].as_u64().unwrap(),
            )
        })
        .collect();
    let want = [
        ("PE006", "aws_kms_key.in_object", "suppressed", 3),
        ("PE006", "aws_kms_key.in_call", "suppressed", 10),
        ("PE006", "aws_kms_key.heredoc", "fail", 33),
    ];
    let want: Vec<(String, String, String, u64)> = want
        .iter()
        .map(|(r, a, s, l)| (r.to_string(), a.to_string(), s.to_string(), *l))
        .collect();
    assert_eq!(findings, want);
    assert_eq!(
        find(&v, "PE006", "aws_kms_key.in_call")["suppression"]["reason"],
        "merged by the caller"
    );
    assert_eq!(
        diags(&v),
        [(
            "unused-suppression".to_string(),
            22,
            "unused suppression: no PE008 finding here to silence".to_string()
        )]
    );
}

const IN_EXPRESSIONS: &str = r##"resource "aws_kms_key" "in_object" {
  enable_key_rotation = true
  tags = { # pe-lint:ignore PE006 reason="tagged by the account"
    Project = "p"
  }
}

resource "aws_kms_key" "in_call" {
  enable_key_rotation = true
  tags = merge(
    # pe-lint:ignore PE006 reason="merged by the caller"
    { Project = "p" },
  )
}

resource "aws_kms_key" "in_list" {
  enable_key_rotation = true
  policy = jsonencode({
    Statement = [
      {
        Effect   = "Allow"
        Action   = "kms:*" # pe-lint:ignore PE008 reason="key admin role"
        Resource = "*"
        Principal = { AWS = "arn:aws:iam::111122223333:root" }
      },
    ]
  })
  tags = { Project = "p", Env = "prod", Owner = "o", CostCenter = "c" }
}

resource "aws_kms_key" "heredoc" {
  enable_key_rotation = true
  tags = { Project = "p" }
  description = <<EOT
# pe-lint:ignore PE006 reason="text, not a comment"
EOT
}
"##;

#[test]
fn missing_reason_expired_and_unused() {
    let file = "testdata/suppressions/hcl/main.tf";
    let (v, _) = run(&["testdata/suppressions/hcl"]);
    // Expired: fails again, and the message says when it expired.
    let f = find(&v, "PE001", "aws_kms_key.expired");
    assert_eq!(f["status"], "fail");
    let msg = f["message"].as_str().unwrap();
    assert!(
        msg.contains("suppression expired on 2020-01-31") && msg.contains("was fine last year"),
        "{msg}"
    );
    let d = diags(&v);
    let reasonless_line = exact_line(file, "# pe-lint:ignore PE001");
    assert!(
        d.contains(&(
            "invalid-suppression".into(),
            reasonless_line,
            "suppression without a reason does not apply".into()
        )),
        "{d:#?}"
    );
    assert!(
        d.contains(&(
            "unused-suppression".into(),
            line_of(file, "reason=\"wrong attribute\""),
            "unused suppression: no PE001 finding here to silence".into()
        )),
        "{d:#?}"
    );
    assert!(
        d.contains(&(
            "unused-suppression".into(),
            line_of(file, "pe-lint:ignore PE004"),
            "unused suppression: no PE004 finding here to silence".into()
        )),
        "{d:#?}"
    );
    // Nothing else: the strings that look like suppressions are not read.
    assert_eq!(d.len(), 3, "{d:#?}");
    assert!(d.iter().all(|(_, line, _)| *line > 0));

    // Before the expiry date, the suppression applies; after `until`, it expires.
    let (v, _) = run_at("1577836800", &["testdata/suppressions/hcl"]); // 2020-01-01
    assert_eq!(status(&v, "PE001", "aws_kms_key.expired"), "suppressed");
    let (v, _) = run_at("4102444800", &["testdata/suppressions/hcl"]); // 2100-01-01
    let f = find(&v, "PE001", "aws_kms_key.attr_before");
    assert_eq!(f["status"], "fail");
    assert!(f["message"]
        .as_str()
        .unwrap()
        .contains("suppression expired on 2099-12-31"));
}

#[test]
fn file_argument_sees_only_its_own_suppression_warnings() {
    // The module is checked through the root that calls it; that root's own suppression
    // warnings are outside the focus and not reported.
    let (v, code) = run(&["testdata/suppressions/module/main.tf"]);
    assert_eq!(code, 0, "{v:#}");
    assert_eq!(
        status(&v, "PE001", "module.twice[\"a\"].aws_kms_key.inner"),
        "suppressed"
    );
    assert!(diags(&v).is_empty(), "{:#?}", diags(&v));
}

#[test]
fn bare_ignore_is_refused() {
    let (v, code) = run(&["testdata/suppressions/bare"]);
    assert_eq!(code, 2, "{v:#}");
    assert_eq!(status(&v, "PE001", "aws_kms_key.bare"), "fail");
    let d = diags(&v);
    assert_eq!(d.len(), 1, "{d:#?}");
    assert_eq!(d[0].0, "blanket-suppression");
    assert_eq!(d[0].1, 2);
    // The human report shows it at the comment.
    let out = pe_lint(JAN_2026)
        .arg("testdata/suppressions/bare")
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("testdata/suppressions/bare/main.tf:2:3")
            && text.contains("without rule ids"),
        "{text}"
    );
}

#[test]
fn tfsec_trivy_and_checkov_comments() {
    let file = "testdata/suppressions/migration/main.tf";
    let (v, code) = run(&["testdata/suppressions/migration"]);
    assert_eq!(code, 1, "{v:#}");
    let f = find(&v, "PE001", "aws_kms_key.tfsec");
    assert_eq!(f["status"], "suppressed");
    assert_eq!(
        f["suppression"]["reason"],
        "imported key, rotated by the HSM team"
    );
    assert_eq!(status(&v, "PE001", "aws_kms_key.trivy_avd"), "suppressed");
    let f = find(&v, "PE001", "aws_kms_key.trivy_long");
    assert_eq!(f["status"], "suppressed");
    assert_eq!(f["suppression"]["until"], "2099-01-01");
    let f = find(&v, "PE001", "aws_kms_key.tfsec_expired");
    assert_eq!(f["status"], "fail");
    assert!(f["message"]
        .as_str()
        .unwrap()
        .contains("suppression expired on 2020-01-01"));
    // tfsec has no place for a reason: its bare form suppresses, said as a warning.
    let f = find(&v, "PE001", "aws_kms_key.tfsec_no_reason");
    assert_eq!(f["status"], "suppressed");
    assert_eq!(f["suppression"]["reason"], "no reason given");
    let f = find(&v, "PE004", "aws_lambda_function.checkov");
    assert_eq!(f["status"], "suppressed");
    assert_eq!(
        f["suppression"]["reason"],
        "nightly batch, concurrency capped by the scheduler"
    );
    // CKV_AWS_117 requires the opposite of PE007: it does not silence it.
    assert_eq!(status(&v, "PE007", "aws_lambda_function.presign"), "fail");
    let d = diags(&v);
    assert_eq!(
        d,
        [(
            "suppression-without-reason".to_string(),
            exact_line(file, "#tfsec:ignore:aws-kms-auto-rotate-keys"),
            "`tfsec:ignore` suppresses PE001 here without a reason".to_string()
        )]
    );
    let help = v["diagnostics"][0]["help"].as_str().unwrap();
    assert!(
        help.contains("`#tfsec:ignore:<id> reason=\"why this is acceptable\"`"),
        "{help}"
    );
    // `--strict` refuses it: the finding keeps failing.
    let (v, code) = run(&["--strict", "testdata/suppressions/migration"]);
    assert_eq!(code, 1, "{v:#}");
    assert_eq!(status(&v, "PE001", "aws_kms_key.tfsec_no_reason"), "fail");
    assert_eq!(
        diags(&v),
        [(
            "invalid-suppression".to_string(),
            exact_line(file, "#tfsec:ignore:aws-kms-auto-rotate-keys"),
            "`tfsec:ignore` would silence PE001 here but gives no reason; it does not apply"
                .to_string()
        )]
    );
}

#[test]
fn bare_trivy_ignore_is_suppressed_without_a_reason_with_trivy_syntax_in_help() {
    let tree = crate::common::write_tree(&[(
        "main.tf",
        "#trivy:ignore:AVD-AWS-0065\nresource \"aws_kms_key\" \"k\" {\n  enable_key_rotation = false\n}\n",
    )]);
    let dir = tree.path().to_str().unwrap();
    let (v, _) = run(&[dir]);
    assert_eq!(status(&v, "PE001", "aws_kms_key.k"), "suppressed");
    let d = &v["diagnostics"][0];
    assert_eq!(d["code"], "suppression-without-reason");
    assert_eq!(d["severity"], "warning");
    assert_eq!(d["line"], 1);
    let help = d["help"].as_str().unwrap();
    assert!(help.contains("`#trivy:ignore:<id> reason="), "{help}");
    assert!(!help.contains("tfsec"), "{help}");
    // `--strict` refuses it.
    let (_, code) = run(&["--strict", dir]);
    assert_eq!(code, 1);
}

#[test]
fn tf_json_comment_keys() {
    let (v, code) = run(&["testdata/suppressions/json"]);
    assert_eq!(code, 1, "{v:#}");
    let f = find(&v, "PE003", "aws_sqs_queue.replay");
    assert_eq!(f["status"], "suppressed");
    assert_eq!(f["suppression"]["reason"], "replay queue, drained by hand");
    assert_eq!(status(&v, "PE003", "aws_sqs_queue.no_reason"), "fail");
    assert_eq!(status(&v, "PE003", "aws_sqs_queue.plain_comment"), "fail");
    let f = find(&v, "PE001", "aws_kms_key.multi");
    assert_eq!(f["status"], "suppressed");
    assert_eq!(f["suppression"]["until"], "2099-12-31");
    let d: Vec<(String, String)> = diags(&v).into_iter().map(|(c, _, m)| (c, m)).collect();
    assert_eq!(
        d,
        [
            (
                "invalid-suppression".to_string(),
                "suppression without a reason does not apply".to_string()
            ),
            (
                "unused-suppression".to_string(),
                "unused suppression: no PE001 finding here to silence".to_string()
            ),
        ]
    );
}

// ---------------------------------------------------------------------------------------------
// Baselines

fn copy_fixture(to: &Path) {
    std::fs::copy("testdata/suppressions/baseline/main.tf", to.join("main.tf")).unwrap();
}

#[test]
fn baseline_write_rerun_new_violation_and_moved_code() {
    let dir = tempfile::tempdir().unwrap();
    let code_dir = dir.path().join("infra");
    std::fs::create_dir(&code_dir).unwrap();
    copy_fixture(&code_dir);
    let infra = code_dir.to_str().unwrap();
    let base = dir.path().join("baseline.json");
    let base_s = base.to_str().unwrap();

    // Without a baseline: two failures.
    let (v, code) = run(&[infra]);
    assert_eq!(code, 1);
    assert_eq!(v["summary"]["fail"], 2);

    // Write: the run that writes is clean, and the file records both.
    let (v, code) = run(&[infra, "--write-baseline", base_s]);
    assert_eq!(code, 0, "{v:#}");
    assert_eq!(v["summary"]["suppressed"], 2);
    let b: Value = serde_json::from_str(&std::fs::read_to_string(&base).unwrap()).unwrap();
    assert_eq!(b["version"], 2);
    let entries = b["findings"].as_array().unwrap();
    assert_eq!(entries.len(), 2);
    assert_eq!(entries[0]["rule_id"], "PE001");
    assert_eq!(entries[0]["resource"], "aws_kms_key.legacy");
    assert!(entries[0]["fingerprint"]
        .as_str()
        .unwrap()
        .starts_with("sha256:"));

    // Re-run with it: clean, both reported as suppressed by the baseline.
    let (v, code) = run(&[infra, "--baseline", base_s]);
    assert_eq!(code, 0, "{v:#}");
    let f = find(&v, "PE003", "aws_sqs_queue.jobs");
    assert_eq!(f["status"], "suppressed");
    assert_eq!(f["suppression"]["kind"], "external");
    assert_eq!(f["suppression"]["reason"], "baseline");
    let note = &v["diagnostics"][0];
    assert_eq!(note["code"], "baseline");
    assert!(
        note["message"].as_str().unwrap().contains(
            "2 finding(s) in the baseline reported as suppressed; 0 of its 2 entries are now fixed"
        ),
        "{note:#}"
    );

    // Move the code down by 20 lines and reindent: still matched.
    let text = std::fs::read_to_string(code_dir.join("main.tf")).unwrap();
    let moved = format!(
        "{}{}",
        "# padding\n".repeat(20),
        text.replace(
            "  enable_key_rotation = false",
            "    enable_key_rotation   =   false"
        )
    );
    std::fs::write(code_dir.join("main.tf"), &moved).unwrap();
    let (v, code) = run(&[infra, "--baseline", base_s]);
    assert_eq!(code, 0, "{v:#}");
    assert_eq!(v["summary"]["suppressed"], 2);
    assert_eq!(find(&v, "PE001", "aws_kms_key.legacy")["line"], 35);

    // Also when the resource moves to another file.
    std::fs::write(
        code_dir.join("main.tf"),
        moved.replace(
            "resource \"aws_sqs_queue\" \"jobs\" {\n  name = \"jobs\"\n}\n",
            "",
        ),
    )
    .unwrap();
    std::fs::write(
        code_dir.join("queues.tf"),
        "resource \"aws_sqs_queue\" \"jobs\" {\n  name = \"jobs\"\n}\n",
    )
    .unwrap();
    let (v, code) = run(&[infra, "--baseline", base_s]);
    assert_eq!(code, 0, "{v:#}");
    assert_eq!(v["summary"]["suppressed"], 2);

    // A new violation: only it fails.
    std::fs::write(
        code_dir.join("new.tf"),
        "resource \"aws_kms_key\" \"fresh\" {\n  enable_key_rotation = false\n}\n",
    )
    .unwrap();
    let (v, code) = run(&[infra, "--baseline", base_s]);
    assert_eq!(code, 1);
    let failing: Vec<(&str, &str)> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["status"] == "fail")
        .map(|f| {
            (
                f["rule_id"].as_str().unwrap(),
                f["resource"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(failing, [("PE001", "aws_kms_key.fresh")]);

    // Fix one baselined violation: the note says one entry is now fixed.
    std::fs::remove_file(code_dir.join("new.tf")).unwrap();
    std::fs::remove_file(code_dir.join("queues.tf")).unwrap();
    let (v, code) = run(&[infra, "--baseline", base_s]);
    assert_eq!(code, 0);
    let msg = v["diagnostics"][0]["message"].as_str().unwrap();
    assert!(msg.contains("1 of its 2 entries are now fixed"), "{msg}");

    // Rewriting the flagged line without changing what is wrong keeps the match (the
    // fingerprint is of what was found, not of the line's text).
    let changed = std::fs::read_to_string(code_dir.join("main.tf"))
        .unwrap()
        .replace(
            "enable_key_rotation   =   false",
            "enable_key_rotation = !true",
        );
    std::fs::write(code_dir.join("main.tf"), changed).unwrap();
    let (_, code) = run(&[infra, "--baseline", base_s]);
    assert_eq!(code, 0);
}

const POLICY: &str = r#"resource "aws_iam_policy" "legacy" {
  name = "legacy"
  tags = { Project = "p", Env = "prod", Owner = "o", CostCenter = "c" }
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = "s3:*"
      Resource = "arn:aws:s3:::bucket/*"
    }]
  })
}
"#;

/// Item 10: a baselined policy made worse (`Action = "*"`, `Resource = "*"`) is a new
/// finding, not "suppressed: baseline". It is located at the failing element (#22 item 10):
/// the `Action` line, which fails in both variants (`s3:*` is a wildcard too).
#[test]
fn baseline_a_worse_violation_on_the_same_line_is_new() {
    let dir = tempfile::tempdir().unwrap();
    let main = dir.path().join("main.tf");
    std::fs::write(&main, POLICY).unwrap();
    let d = dir.path().to_str().unwrap();
    let base = dir.path().join("b.json");
    let (_, code) = run(&[d, "--write-baseline", base.to_str().unwrap()]);
    assert_eq!(code, 0);
    let (v, code) = run(&[d, "--baseline", base.to_str().unwrap()]);
    assert_eq!(
        (code, status(&v, "PE008", "aws_iam_policy.legacy")),
        (0, "suppressed".into())
    );
    for (from, to) in [
        (r#"Action   = "s3:*""#, r#"Action   = "*""#),
        (r#"Resource = "arn:aws:s3:::bucket/*""#, r#"Resource = "*""#),
    ] {
        std::fs::write(&main, POLICY.replace(from, to)).unwrap();
        let (v, code) = run(&[d, "--baseline", base.to_str().unwrap()]);
        assert_eq!(code, 1, "{to}: {v:#}");
        let f = find(&v, "PE008", "aws_iam_policy.legacy");
        assert_eq!(
            (f["status"].as_str(), f["line"].as_u64()),
            (Some("fail"), Some(8))
        );
    }
}

/// Item 10: SARIF `partialFingerprints` and the baseline use one fingerprint.
#[test]
fn sarif_and_baseline_share_the_fingerprint() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("main.tf"), POLICY).unwrap();
    let d = dir.path().to_str().unwrap();
    let base = dir.path().join("b.json");
    run(&[d, "--write-baseline", base.to_str().unwrap()]);
    let b: Value = serde_json::from_str(&std::fs::read_to_string(&base).unwrap()).unwrap();
    let out = pe_lint(JAN_2026)
        .args([d, "--format", "sarif"])
        .output()
        .unwrap();
    let sarif: Value = serde_json::from_slice(&out.stdout).unwrap();
    let fp = &sarif["runs"][0]["results"][0]["partialFingerprints"]["peLintFinding/v2"];
    let want = format!("{}:1", b["findings"][0]["fingerprint"].as_str().unwrap());
    assert_eq!(
        fp.as_str(),
        Some(want.as_str()),
        "{:#}",
        sarif["runs"][0]["results"][0]
    );
}

/// Item 10: a version-1 baseline (fingerprints of the flagged line) is an error telling the
/// user to regenerate it; it suppresses nothing, and the run exits 2.
#[test]
fn old_baseline_version_must_be_regenerated() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("main.tf"), POLICY).unwrap();
    let d = dir.path().to_str().unwrap();
    let base = dir.path().join("b.json");
    run(&[d, "--write-baseline", base.to_str().unwrap()]);
    let text = std::fs::read_to_string(&base)
        .unwrap()
        .replace("\"version\": 2", "\"version\": 1");
    std::fs::write(&base, text).unwrap();
    let (v, code) = run(&[d, "--baseline", base.to_str().unwrap()]);
    assert_eq!(code, 2);
    assert_eq!(status(&v, "PE008", "aws_iam_policy.legacy"), "fail");
    let (c, _, m) = &diags(&v)[0];
    assert_eq!(c, "baseline-outdated");
    assert!(m.contains("b.json") && m.contains("version 1"), "{m}");
    assert!(v["diagnostics"][0]["help"]
        .as_str()
        .unwrap()
        .contains("--write-baseline"));
}

/// Item 11: every report format shows each suppression's reason (inline: the author's text;
/// baseline: "baseline").
#[test]
fn every_format_shows_the_suppression_reason() {
    let dir = tempfile::tempdir().unwrap();
    copy_fixture(dir.path());
    let main = dir.path().join("main.tf");
    let text = std::fs::read_to_string(&main).unwrap().replace(
        "resource \"aws_kms_key\"",
        "# pe-lint:ignore PE001 reason=\"rotated by hand yearly\"\nresource \"aws_kms_key\"",
    );
    std::fs::write(&main, text).unwrap();
    let d = dir.path().to_str().unwrap();
    let base = dir.path().join("b.json");
    run(&[d, "--write-baseline", base.to_str().unwrap()]);
    for format in ["human", "json", "sarif", "markdown", "github", "junit"] {
        let out = pe_lint(JAN_2026)
            .args([d, "--baseline", base.to_str().unwrap(), "--format", format])
            .arg("--show-suppressed")
            .output()
            .unwrap();
        let raw = String::from_utf8_lossy(&out.stdout);
        // The human report wraps long lines behind a gutter.
        let words: Vec<&str> = raw.split_whitespace().filter(|w| *w != "│").collect();
        let text = words.join(" ");
        assert_eq!(out.status.code(), Some(0), "{format}: {text}");
        assert!(text.contains("rotated by hand yearly"), "{format}: {text}");
        assert!(text.contains("baseline"), "{format}: {text}");
    }
}

#[test]
fn baseline_errors() {
    let dir = tempfile::tempdir().unwrap();
    copy_fixture(dir.path());
    let d = dir.path().to_str().unwrap();
    let (v, code) = run(&[d, "--baseline", "no/such/baseline.json"]);
    assert_eq!(code, 2);
    assert_eq!(v["diagnostics"][0]["code"], "baseline-error");
    let bad = dir.path().join("bad.json");
    std::fs::write(&bad, "{\"version\": 1}").unwrap();
    let (_, code) = run(&[d, "--baseline", bad.to_str().unwrap()]);
    assert_eq!(code, 2);
}

#[test]
fn inline_suppressions_come_before_the_baseline() {
    let dir = tempfile::tempdir().unwrap();
    copy_fixture(dir.path());
    let main = dir.path().join("main.tf");
    let text = std::fs::read_to_string(&main).unwrap().replace(
        "resource \"aws_kms_key\"",
        "# pe-lint:ignore PE001 reason=\"rotated by hand\"\nresource \"aws_kms_key\"",
    );
    std::fs::write(&main, text).unwrap();
    let base = dir.path().join("b.json");
    let (v, code) = run(&[
        dir.path().to_str().unwrap(),
        "--write-baseline",
        base.to_str().unwrap(),
    ]);
    assert_eq!(code, 0);
    assert_eq!(
        find(&v, "PE001", "aws_kms_key.legacy")["suppression"]["kind"],
        "inSource"
    );
    let b: Value = serde_json::from_str(&std::fs::read_to_string(&base).unwrap()).unwrap();
    assert_eq!(b["findings"].as_array().unwrap().len(), 1, "{b:#}");
}

#[test]
fn suppressions_doc_covers_every_form() {
    let doc = std::fs::read_to_string("docs/suppressions.md").unwrap();
    for needle in [
        "pe-lint:ignore",
        "reason=",
        "until=",
        "#tfsec:ignore:",
        "#trivy:ignore:",
        "#checkov:skip=",
        "\"//\"",
        "unused suppression",
        "--write-baseline",
        "--baseline",
        "SOURCE_DATE_EPOCH",
    ] {
        assert!(doc.contains(needle), "docs/suppressions.md lacks {needle}");
    }
}

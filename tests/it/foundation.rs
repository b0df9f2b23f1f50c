//! Foundation: CLI behaviour, exit codes, parse errors, hostile input.

use std::path::Path;
use std::time::Duration;

use crate::common::{assert_exit, json_run, output_within, pe_lint, write_byte_tree};

fn json(args: &[&str]) -> (serde_json::Value, i32) {
    json_run(&mut pe_lint(), args)
}

#[test]
fn help_and_version() {
    let out = pe_lint().arg("--help").output().unwrap();
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("Exit codes:") && text.contains("--var-file"),
        "{text}"
    );
    let out = pe_lint().arg("--version").output().unwrap();
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("pe-lint "));
}

#[test]
fn bad_flag_is_a_usage_error() {
    assert_exit(pe_lint().arg("--no-such-flag"), 2);
    assert_exit(pe_lint().args(["--format", "xml", "."]), 2);
    assert_exit(pe_lint().args(["--env", "qa", "."]), 2);
}

#[test]
fn missing_path_is_exit_2_not_a_pass() {
    let out = pe_lint().arg("testdata/does-not-exist").output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stdout).contains("no such file or directory"));
}

#[test]
fn clean_tree_exits_0() {
    let (v, code) = json(&["testdata/cli/clean"]);
    assert_eq!(code, 0, "{v:#}");
    assert_eq!(v["summary"]["fail"], 0);
    assert!(v["summary"]["pass"].as_u64().unwrap() >= 2);
}

#[test]
fn parse_error_is_exit_2_and_other_files_are_still_checked() {
    let out = pe_lint().arg("testdata/cli/broken").output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("testdata/cli/broken/bad.tf:4"), "{text}");
    let (v, code) = json(&["testdata/cli/broken"]);
    assert_eq!(code, 2);
    let d = &v["diagnostics"][0];
    assert_eq!(d["code"], "parse-error");
    assert_eq!(d["file"], "testdata/cli/broken/bad.tf");
    assert_eq!(d["line"], 4);
    // good.tf was parsed and its key checked (PE006 sees it: no tags).
    let addrs: Vec<_> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["resource"].as_str().unwrap().to_string())
        .collect();
    assert!(addrs.contains(&"aws_kms_key.ok".to_string()), "{addrs:?}");
}

#[test]
fn example_infrastructure_yields_exactly_its_deliberate_violations() {
    let (v, code) = json(&["testdata/photo-editor/infrastructure"]);
    assert_eq!(code, 1);
    let mut got: Vec<(String, String, String, u64)> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["rule_id"].as_str().unwrap().to_string(),
                f["resource"].as_str().unwrap().to_string(),
                f["file"]
                    .as_str()
                    .unwrap()
                    .trim_start_matches("testdata/photo-editor/infrastructure/")
                    .to_string(),
                f["line"].as_u64().unwrap(),
            )
        })
        .collect();
    got.sort();
    let want = [
        (
            "PE001",
            "module.kms.aws_kms_key.logs",
            "modules/kms/main.tf",
            42,
        ),
        (
            "PE002",
            "module.s3.aws_s3_bucket.access_logs",
            "modules/s3/main.tf",
            37,
        ),
        (
            "PE003",
            "module.sqs.aws_sqs_queue.thumbnail",
            "modules/sqs/main.tf",
            40,
        ),
        ("PE004", "aws_lambda_function.download", "lambda.tf", 67),
        (
            "PE005",
            "aws_cloudwatch_log_group.api_access",
            "api_gateway.tf",
            107,
        ),
        (
            "PE006",
            "module.sns.aws_sns_topic.billing_alerts",
            "modules/sns/main.tf",
            26,
        ),
        ("PE007", "aws_lambda_function.status", "lambda.tf", 51),
        ("PE008", "data.aws_iam_policy_document.status", "iam.tf", 92),
    ];
    let want: Vec<(String, String, String, u64)> = want
        .iter()
        .map(|(a, b, c, d)| (a.to_string(), b.to_string(), c.to_string(), *d))
        .collect();
    assert_eq!(got, want);
    assert!(
        v["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .all(|d| d["severity"] != "error"),
        "{:#}",
        v["diagnostics"]
    );
}

#[test]
fn every_environment_gives_the_same_violations_with_its_retention() {
    for (env, days) in [("dev", "14"), ("staging", "30"), ("prod", "90")] {
        let file = format!("testdata/photo-editor/infrastructure/environments/{env}.tfvars");
        let (v, code) = json(&["testdata/photo-editor/infrastructure", "--var-file", &file]);
        assert_eq!(code, 1, "{env}");
        let pe005: Vec<_> = v["findings"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|f| f["rule_id"] == "PE005")
            .collect();
        assert_eq!(pe005.len(), 1, "{env}: {pe005:?}");
        let msg = pe005[0]["message"].as_str().unwrap();
        assert!(msg.contains(&format!("{env} requires {days}")), "{msg}");
    }
}

#[test]
fn bom_and_crlf_positions_are_exact() {
    let (v, code) = json(&["testdata/hostile/bom-crlf"]);
    assert_eq!(code, 1);
    let f = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule_id"] == "PE001")
        .unwrap();
    assert_eq!(
        (f["line"].as_u64(), f["column"].as_u64()),
        (Some(3), Some(3))
    );
}

#[test]
fn empty_file_is_fine() {
    let (_, code) = json(&["testdata/hostile/empty"]);
    assert_eq!(code, 0);
}

fn run_on(dir: &Path) -> (i32, String) {
    let out = output_within(
        pe_lint().arg(dir).args(["--format", "json"]),
        Duration::from_secs(180),
    );
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).to_string(),
    )
}

#[test]
fn deep_nesting_gives_a_diagnostic_not_a_crash() {
    let n = 50_000;
    let brackets = format!("locals {{\n  x = {}1{}\n}}\n", "[".repeat(n), "]".repeat(n));
    let objects = format!(
        "locals {{\n  y = {}1{}\n}}\n",
        "{a = ".repeat(n),
        "}".repeat(n)
    );
    let parens = format!("locals {{\n  z = {}1{}\n}}\n", "(".repeat(n), ")".repeat(n));
    let templates = format!(
        "locals {{\n  t = \"{}x{}\"\n}}\n",
        "${\"".repeat(n),
        "\"}".repeat(n)
    );
    let json = format!(
        "{{\"locals\": {{\"j\": {}1{}}}}}",
        "[".repeat(n),
        "]".repeat(n)
    );
    let dir = write_byte_tree(&[
        ("a.tf", brackets.into_bytes()),
        ("b.tf", objects.into_bytes()),
        ("c.tf", parens.into_bytes()),
        ("d.tf", templates.into_bytes()),
        ("e.tf.json", json.into_bytes()),
        (
            "ok.tf",
            b"resource \"aws_kms_key\" \"k\" {\n  enable_key_rotation = false\n}\n".to_vec(),
        ),
    ]);
    let (code, out) = run_on(dir.path());
    assert_eq!(code, 2, "{out}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let codes: Vec<_> = v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["code"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(
        codes.iter().filter(|c| *c == "nesting-too-deep").count(),
        4,
        "{codes:?}"
    );
    assert!(codes.iter().any(|c| c == "parse-error"), "{codes:?}");
    // ok.tf is still checked.
    assert!(out.contains("aws_kms_key.k"));
}

#[test]
fn large_file_is_handled() {
    let mut text = String::new();
    let mut i = 0;
    while text.len() < 20_000_000 {
        text.push_str(&format!("resource \"aws_kms_key\" \"k{i}\" {{\n  enable_key_rotation = true\n  description = \"{}\"\n}}\n", "x".repeat(200)));
        i += 1;
    }
    let dir = write_byte_tree(&[("big.tf", text.into_bytes())]);
    // ~85,000 resources in one root is past the default evaluation budget (a guard against
    // hostile input); a user with such a root raises it, as here.
    let out = output_within(
        pe_lint().arg(dir.path()).args([
            "--format",
            "json",
            "--limit",
            "eval-steps=200000000",
            "--limit",
            "total-steps=200000000",
        ]),
        Duration::from_secs(180),
    );
    let (code, out) = (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).to_string(),
    );
    assert!(
        code == 1 || code == 0,
        "{code}: {}",
        &out[..out.len().min(2000)]
    );
    assert!(out.contains("\"resources\""));
}

#[test]
fn binary_and_latin1_files_are_reported() {
    let dir = write_byte_tree(&[
        ("bin.tf", vec![0x7f, b'E', b'L', b'F', 0, 0, 1, 2, 3]),
        ("latin1.tf", b"locals {\n  x = \"caf\xe9\"\n}\n".to_vec()),
        ("ok.tf", b"locals {\n  y = 1\n}\n".to_vec()),
    ]);
    let (code, out) = run_on(dir.path());
    assert_eq!(code, 2, "{out}");
    assert!(
        out.contains("binary-file") && out.contains("invalid-utf8"),
        "{out}"
    );
}

//! Foundation: CLI behaviour, exit codes, parse errors, hostile input.

use assert_cmd::Command;
use std::path::Path;

fn pe_lint() -> Command {
    let mut c = Command::cargo_bin("pe-lint").unwrap();
    c.env("NO_COLOR", "1").env_remove("TF_VAR_environment");
    c
}

fn json(args: &[&str]) -> (serde_json::Value, i32) {
    let out = pe_lint()
        .args(args)
        .args(["--format", "json"])
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("bad JSON ({e}): {}", String::from_utf8_lossy(&out.stdout)));
    (v, out.status.code().unwrap_or(-1))
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
    pe_lint().arg("--no-such-flag").assert().code(2);
    pe_lint().args(["--format", "xml", "."]).assert().code(2);
    pe_lint().args(["--env", "qa", "."]).assert().code(2);
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

fn temp_tree(files: &[(&str, Vec<u8>)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (name, content) in files {
        let p = dir.path().join(name);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, content).unwrap();
    }
    dir
}

fn run_on(dir: &Path) -> (i32, String) {
    let out = pe_lint()
        .arg(dir)
        .args(["--format", "json"])
        .timeout(std::time::Duration::from_secs(180))
        .output()
        .unwrap();
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
    let dir = temp_tree(&[
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
    let dir = temp_tree(&[("big.tf", text.into_bytes())]);
    let (code, out) = run_on(dir.path());
    // ~70,000 resources are past the default evaluation budget (docs/security.md): checked up to
    // it, then a clear error.
    assert!(
        code == 1 || code == 0 || code == 2 && out.contains("eval-budget"),
        "{code}"
    );
    assert!(out.contains("\"resources\""));
}

#[test]
fn binary_and_latin1_files_are_reported() {
    let dir = temp_tree(&[
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

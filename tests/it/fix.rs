//! `--fix` and `--diff` (docs/autofix.md): per case in testdata/fix, `before/` fixed in a copy
//! must equal `after/` byte for byte; `case.txt` says how many findings the fix makes pass
//! (`fixed N`) and which failing findings of PE001-PE005 remain (`remains RULE ADDRESS`).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Output;

use crate::common::{findings_where, pe_lint, write_tree};

fn cases() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata/fix");
    let mut out: Vec<PathBuf> = std::fs::read_dir(&root)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.join("before").is_dir())
        .collect();
    out.sort();
    out
}

fn files_of(dir: &Path) -> BTreeMap<String, String> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file())
        .map(|p| {
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            (name, std::fs::read_to_string(&p).unwrap())
        })
        .collect()
}

fn copy_of(dir: &Path) -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    for (name, text) in files_of(dir) {
        std::fs::write(tmp.path().join(name), text).unwrap();
    }
    tmp
}

fn run_in(dir: &Path, args: &[&str]) -> Output {
    pe_lint().current_dir(dir).args(args).output().unwrap()
}

fn report(out: &Output) -> serde_json::Value {
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "bad JSON ({e}): {}\n{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    })
}

/// Failing findings of the rules that have fixes (PE006 has none without configuration).
fn remaining(report: &serde_json::Value) -> Vec<String> {
    let mut out: Vec<String> = findings_where(report, &[("status", "fail")])
        .into_iter()
        .filter(|f| f["rule_id"] != "PE006")
        .map(|f| {
            format!(
                "{} {}",
                f["rule_id"].as_str().unwrap(),
                f["resource"].as_str().unwrap()
            )
        })
        .collect();
    out.sort();
    out
}

fn expectations(case: &Path) -> (u64, Vec<String>) {
    let text = std::fs::read_to_string(case.join("case.txt")).unwrap();
    let mut fixed = 0;
    let mut remains = Vec::new();
    for line in text.lines() {
        match line.split_once(' ') {
            Some(("fixed", n)) => fixed = n.parse().unwrap(),
            Some(("remains", what)) => remains.push(what.to_string()),
            _ => panic!("{}: bad line {line:?}", case.display()),
        }
    }
    remains.sort();
    (fixed, remains)
}

#[test]
fn every_case_is_fixed_to_its_expected_files() {
    let cases = cases();
    assert!(cases.len() >= 7, "{cases:?}");
    for case in cases {
        let name = case.file_name().unwrap().to_string_lossy().into_owned();
        let tmp = copy_of(&case.join("before"));
        let out = run_in(tmp.path(), &["--fix", "--format", "json", "."]);
        let rep = report(&out);
        assert_eq!(
            files_of(tmp.path()),
            files_of(&case.join("after")),
            "{name}"
        );
        let (fixed, remains) = expectations(&case);
        assert_eq!(rep["summary"]["fixed"], fixed, "{name}: {rep:#}");
        assert_eq!(remaining(&rep), remains, "{name}");
        // The exit code describes what remains: PE006 (no tags configured) still fails.
        assert_eq!(out.status.code(), Some(1), "{name}");
        // A second run changes nothing and fixes nothing.
        let again = run_in(tmp.path(), &["--fix", "--format", "json", "."]);
        assert_eq!(
            files_of(tmp.path()),
            files_of(&case.join("after")),
            "{name}: second run"
        );
        assert_eq!(report(&again)["summary"]["fixed"], 0, "{name}: second run");
    }
}

/// Is terraform installed? Off CI a missing terraform skips the test; on CI it fails it, so
/// that a machine without terraform cannot turn the run green.
fn terraform_present() -> bool {
    let present = std::process::Command::new("terraform")
        .arg("version")
        .output()
        .is_ok_and(|o| o.status.success());
    assert!(
        present || !crate::common::on_ci(),
        "terraform is not installed: this test needs it on CI"
    );
    if !present {
        eprintln!("terraform is not installed; skipped");
    }
    present
}

fn fmt_clean(dir: &Path) -> bool {
    std::process::Command::new("terraform")
        .args(["fmt", "-check"])
        .arg(dir)
        .output()
        .unwrap()
        .status
        .success()
}

/// A new argument is laid out as `terraform fmt` would: every case whose before-file is
/// fmt-clean is fmt-clean after `--fix` (the fixed copy is checked, not the expected files).
#[test]
fn fixed_files_pass_terraform_fmt() {
    if !terraform_present() {
        return;
    }
    let mut checked = 0;
    for case in cases() {
        if !fmt_clean(&case.join("before")) {
            continue;
        }
        let tmp = copy_of(&case.join("before"));
        run_in(tmp.path(), &["--fix", "."]);
        let out = std::process::Command::new("terraform")
            .args(["fmt", "-check", "-diff"])
            .arg(tmp.path())
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}: {}",
            case.display(),
            String::from_utf8_lossy(&out.stdout)
        );
        checked += 1;
    }
    assert!(checked >= 10, "only {checked} fmt-clean cases");
}

#[test]
fn diff_prints_the_edits_and_writes_nothing() {
    let case = Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata/fix/pe001_variable_default");
    let tmp = copy_of(&case.join("before"));
    let out = run_in(tmp.path(), &["--diff", "."]);
    let expected = "\
--- a/main.tf
+++ b/main.tf
@@ -1,6 +1,6 @@
 variable \"rotate_keys\" {
   type    = bool
-  default = false
+  default = true
 }
 
 resource \"aws_kms_key\" \"uploads\" {
";
    assert_eq!(String::from_utf8_lossy(&out.stdout), expected);
    assert_eq!(files_of(tmp.path()), files_of(&case.join("before")));
    // Nothing was fixed, so the finding is still there.
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn a_refused_fix_says_why_in_the_finding() {
    let case = Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata/fix/pe001_shared_variable");
    let tmp = copy_of(&case.join("before"));
    let rep = report(&run_in(tmp.path(), &["--fix", "--format", "json", "."]));
    let fix = findings_where(
        &rep,
        &[("rule_id", "PE001"), ("resource", "aws_kms_key.uploads")],
    )[0]["fix"]
        .clone();
    assert_eq!(
        fix,
        "set `enable_key_rotation = true` on the key; no automatic fix: `enable_key_rotation` comes from `var.rotate_keys`, which is also used in 1 other place(s); change it by hand"
    );
}

#[test]
fn rules_without_a_safe_fix_say_so() {
    let tmp = write_tree(&[(
        "main.tf",
        "resource \"aws_lambda_function\" \"f\" {\n  function_name = \"f\"\n}\n",
    )]);
    let rep = report(&run_in(
        tmp.path(),
        &["--fix", "--env", "prod", "--format", "json", "."],
    ));
    let fix_of = |rule: &str| {
        findings_where(&rep, &[("rule_id", rule)])
            .first()
            .map(|f| f["fix"].as_str().unwrap().to_string())
            .unwrap_or_default()
    };
    assert!(
        fix_of("PE004").ends_with("no automatic fix: there is no universally safe concurrency; set `autofix { reserved_concurrency = N }` in .pe-lint.hcl"),
        "{}",
        fix_of("PE004")
    );
    assert!(fix_of("PE006").contains("no automatic fix: pe-lint never invents a tag value"));
}

/// The same counted block decides two log groups of roots with different environments: one
/// edit cannot be right for both, so none is made.
#[test]
fn a_literal_that_decides_resources_needing_different_values_is_not_edited() {
    let module = "resource \"aws_cloudwatch_log_group\" \"g\" {\n  name              = \"/x\"\n  retention_in_days = 7\n}\n";
    let tmp = write_tree(&[
        ("modules/logs/main.tf", module),
        ("dev/main.tf", "variable \"environment\" {\n  default = \"dev\"\n}\n\nmodule \"logs\" {\n  source = \"../modules/logs\"\n}\n"),
        ("prod/main.tf", "variable \"environment\" {\n  default = \"prod\"\n}\n\nmodule \"logs\" {\n  source = \"../modules/logs\"\n}\n"),
    ]);
    let rep = report(&run_in(tmp.path(), &["--fix", "--format", "json", "."]));
    assert_eq!(
        std::fs::read_to_string(tmp.path().join("modules/logs/main.tf")).unwrap(),
        module
    );
    let fixes: Vec<&str> = findings_where(&rep, &[("rule_id", "PE005")])
        .iter()
        .map(|f| f["fix"].as_str().unwrap())
        .collect();
    assert_eq!(fixes.len(), 2, "{rep:#}");
    assert_eq!(
        fixes,
        [
            "set `retention_in_days = 14`; no automatic fix: the edit would also change module.logs.aws_cloudwatch_log_group.g in prod, whose PE005 finding needs a different fix",
            "set `retention_in_days = 90`; no automatic fix: the edit would also change module.logs.aws_cloudwatch_log_group.g in dev, whose PE005 finding needs a different fix",
        ]
    );
}

#[cfg(unix)]
#[test]
fn a_fix_never_writes_through_a_link() {
    let outside = tempfile::tempdir().unwrap();
    let target = outside.path().join("keys.tf");
    let key = "resource \"aws_kms_key\" \"k\" {\n  enable_key_rotation = false\n}\n";
    std::fs::write(&target, key).unwrap();
    let tmp = write_tree(&[("main.tf", "")]);
    std::os::unix::fs::symlink(&target, tmp.path().join("keys.tf")).unwrap();
    let out = run_in(tmp.path(), &["--fix", "--format", "json", "."]);
    assert_eq!(std::fs::read_to_string(&target).unwrap(), key);
    assert!(std::fs::symlink_metadata(tmp.path().join("keys.tf"))
        .unwrap()
        .file_type()
        .is_symlink());
    // Either the link is not read (outside the tree) or the fix is refused: never a write.
    assert_ne!(out.status.code(), Some(0));
}

#[cfg(unix)]
#[test]
fn a_fix_in_a_linked_folder_is_refused() {
    let tmp = write_tree(&[(
        "real/keys.tf",
        "resource \"aws_kms_key\" \"k\" {\n  enable_key_rotation = false\n}\n",
    )]);
    std::os::unix::fs::symlink(tmp.path().join("real"), tmp.path().join("linked")).unwrap();
    let out = run_in(tmp.path(), &["--fix", "--format", "json", "linked"]);
    let rep = report(&out);
    assert_eq!(
        std::fs::read_to_string(tmp.path().join("real/keys.tf")).unwrap(),
        "resource \"aws_kms_key\" \"k\" {\n  enable_key_rotation = false\n}\n"
    );
    let codes: Vec<&str> = rep["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["code"].as_str().unwrap())
        .collect();
    assert!(codes.contains(&"fix-not-written"), "{rep:#}");
    assert_eq!(out.status.code(), Some(2));
}

/// What Terraform plans after the fix: the fixed values, for the PE001 case.
#[test]
fn terraform_plans_the_fixed_values() {
    let Some(tool) = crate::common::shared("tools/tf-plan-json") else {
        eprintln!("tf-plan-json is absent; skipped");
        return;
    };
    let case = Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata/fix/pe001_literal");
    let tmp = copy_of(&case.join("before"));
    run_in(tmp.path(), &["--fix", "."]);
    let out = std::process::Command::new(tool)
        .arg(tmp.path())
        .output()
        .unwrap();
    if out.status.code() == Some(3) {
        assert!(
            !crate::common::on_ci(),
            "terraform or the provider is missing: this test needs them on CI"
        );
        eprintln!("terraform or the provider is missing; skipped");
        return;
    }
    assert!(
        out.status.success(),
        "{:?}: {}{}",
        out.status,
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    let plan: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let mut rotation = BTreeMap::new();
    for r in plan["planned_values"]["root_module"]["resources"]
        .as_array()
        .unwrap()
    {
        rotation.insert(
            r["address"].as_str().unwrap().to_string(),
            r["values"]["enable_key_rotation"].clone(),
        );
    }
    assert_eq!(rotation["aws_kms_key.uploads"], true);
    assert_eq!(rotation["aws_kms_key.thumbnails"], true);
    assert_eq!(rotation["aws_kms_key.empty"], true);
    assert_eq!(rotation["aws_kms_key.signing"], false);
}

/// PE004 is fixed only with the governing configuration's value; a nested file's is ignored.
#[test]
fn concurrency_is_fixed_only_with_a_configured_value() {
    let lambda = "resource \"aws_lambda_function\" \"f\" {\n  function_name = \"f\"\n}\n";
    let tmp = write_tree(&[
        (
            ".pe-lint.hcl",
            "autofix {\n  reserved_concurrency = 10\n}\n",
        ),
        ("main.tf", lambda),
        (
            "nested/.pe-lint.hcl",
            "autofix {\n  reserved_concurrency = 500\n}\n",
        ),
        ("nested/main.tf", lambda),
    ]);
    let rep = report(&run_in(
        tmp.path(),
        &["--fix", "--env", "prod", "--format", "json", "."],
    ));
    // PE005 adds the function's log group too.
    let fixed = "resource \"aws_lambda_function\" \"f\" {\n  function_name                  = \"f\"\n  reserved_concurrent_executions = 10\n}\n\nresource \"aws_cloudwatch_log_group\" \"f\" {\n  name              = \"/aws/lambda/${aws_lambda_function.f.function_name}\"\n  retention_in_days = 90\n}\n";
    assert_eq!(
        std::fs::read_to_string(tmp.path().join("main.tf")).unwrap(),
        fixed
    );
    assert_eq!(
        std::fs::read_to_string(tmp.path().join("nested/main.tf")).unwrap(),
        fixed
    );
    assert!(
        remaining(&rep).iter().all(|r| !r.starts_with("PE004")),
        "{rep:#}"
    );
}

fn planned(plan: &serde_json::Value) -> BTreeMap<String, serde_json::Value> {
    fn walk(m: &serde_json::Value, out: &mut BTreeMap<String, serde_json::Value>) {
        for r in m["resources"].as_array().into_iter().flatten() {
            out.insert(
                r["address"].as_str().unwrap().to_string(),
                r["values"].clone(),
            );
        }
        for c in m["child_modules"].as_array().into_iter().flatten() {
            walk(c, out);
        }
    }
    let mut out = BTreeMap::new();
    walk(&plan["planned_values"]["root_module"], &mut out);
    out
}

/// One terraform plan at a time: two at once (two tests in parallel) failed once with nothing
/// on stderr.
static PLANNING: std::sync::Mutex<()> = std::sync::Mutex::new(());

fn plan_of(tool: &Path, dir: &Path) -> Option<BTreeMap<String, serde_json::Value>> {
    let one = PLANNING.lock().unwrap_or_else(|e| e.into_inner());
    let out = std::process::Command::new(tool).arg(dir).output().unwrap();
    drop(one);
    if out.status.code() == Some(3) {
        assert!(
            !crate::common::on_ci(),
            "terraform or the provider is missing: this test needs them on CI"
        );
        eprintln!("terraform or the provider is missing; skipped");
        return None;
    }
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    Some(planned(&serde_json::from_slice(&out.stdout).unwrap()))
}

/// The example infrastructure, fixed: Terraform still plans it, and the plan differs from the
/// one before only in the fixed attributes (the SQS redrive policy is known only after apply).
#[test]
fn the_fixed_example_plans_with_only_the_fixed_values_changed() {
    let Some(tool) = crate::common::shared("tools/tf-plan-json") else {
        return;
    };
    let example = Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata/photo-editor");
    let tmp = tempfile::tempdir().unwrap();
    let copy = std::process::Command::new("cp")
        .arg("-r")
        .arg(example.join("infrastructure"))
        .arg(tmp.path())
        .status()
        .unwrap();
    assert!(copy.success());
    let root = tmp.path().join("infrastructure");
    let Some(before) = plan_of(&tool, &root) else {
        return;
    };
    let rep = report(&run_in(tmp.path(), &["--fix", "--format", "json", "."]));
    assert_eq!(rep["summary"]["fixed"], 4, "{rep:#}");
    let after = plan_of(&tool, &root).unwrap();
    assert_eq!(
        before.keys().collect::<Vec<_>>(),
        after.keys().collect::<Vec<_>>()
    );
    let mut changed = Vec::new();
    for (address, values) in &before {
        let new = &after[address];
        for (k, v) in values.as_object().into_iter().flatten() {
            if &new[k] != v {
                changed.push(format!("{address}.{k}: {v} -> {}", new[k]));
            }
        }
    }
    assert_eq!(
        changed,
        [
            "aws_cloudwatch_log_group.api_access.retention_in_days: 7 -> 90",
            "module.kms.aws_kms_key.logs.enable_key_rotation: false -> true",
            "module.s3.aws_s3_bucket_public_access_block.access_logs.restrict_public_buckets: false -> true",
        ]
    );
}

/// A number in a comment is not the policy's `maxReceiveCount`: nothing is edited.
#[test]
fn a_max_receive_count_in_a_comment_is_not_edited() {
    let main = "locals {\n  receives = 10\n}\n\nresource \"aws_sqs_queue\" \"dlq\" {\n  name = \"dlq\"\n}\n\nresource \"aws_sqs_queue\" \"q\" {\n  name = \"q\"\n  redrive_policy = jsonencode({\n    deadLetterTargetArn = aws_sqs_queue.dlq.arn\n    # was maxReceiveCount = 10\n    maxReceiveCount = local.receives\n  })\n}\n";
    let tmp = write_tree(&[("main.tf", main)]);
    let rep = report(&run_in(tmp.path(), &["--fix", "--format", "json", "."]));
    assert_eq!(
        std::fs::read_to_string(tmp.path().join("main.tf")).unwrap(),
        main
    );
    let fix = findings_where(&rep, &[("rule_id", "PE003"), ("status", "fail")])
        .first()
        .map(|f| f["fix"].as_str().unwrap().to_string())
        .unwrap_or_default();
    assert!(
        fix.ends_with("no automatic fix: `maxReceiveCount` is not one literal number in the redrive policy of aws_sqs_queue.q"),
        "{fix}"
    );
}

#[test]
fn the_diff_is_the_same_at_any_jobs() {
    let example = Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata/photo-editor");
    let one = run_in(&example, &["--diff", "--jobs", "1", "."]);
    let many = run_in(&example, &["--diff", "--jobs", "8", "."]);
    let text = String::from_utf8_lossy(&one.stdout).into_owned();
    assert!(text.contains("+  enable_key_rotation = true\n"), "{text}");
    assert_eq!(text, String::from_utf8_lossy(&many.stdout));
}

/// Lines added to a CRLF file end in CRLF too.
#[test]
fn added_lines_keep_the_files_line_endings() {
    let tmp = write_tree(&[(
        "main.tf",
        "resource \"aws_kms_key\" \"k\" {\r\n  description = \"k\"\r\n}\r\n",
    )]);
    run_in(tmp.path(), &["--fix", "."]);
    assert_eq!(
        std::fs::read_to_string(tmp.path().join("main.tf")).unwrap(),
        "resource \"aws_kms_key\" \"k\" {\r\n  description         = \"k\"\r\n  enable_key_rotation = true\r\n}\r\n"
    );
}

/// A file pe-lint did not read (excluded) may use the variable too: its default is not edited.
#[test]
fn a_variable_in_a_folder_with_unread_files_is_not_edited() {
    let main = "variable \"rotate\" {\n  default = false\n}\n\nresource \"aws_kms_key\" \"k\" {\n  enable_key_rotation = var.rotate\n}\n";
    let tmp = write_tree(&[
        (".pe-lint.hcl", "exclude = [\"legacy.tf\"]\n"),
        ("main.tf", main),
        ("legacy.tf", "resource \"aws_kms_key\" \"old\" {\n  bypass_policy_lockout_safety_check = var.rotate\n}\n"),
    ]);
    let rep = report(&run_in(tmp.path(), &["--fix", "--format", "json", "."]));
    assert_eq!(
        std::fs::read_to_string(tmp.path().join("main.tf")).unwrap(),
        main
    );
    let fix = findings_where(&rep, &[("rule_id", "PE001")])
        .first()
        .map(|f| f["fix"].as_str().unwrap().to_string())
        .unwrap_or_default();
    assert!(
        fix.ends_with("no automatic fix: `enable_key_rotation` comes from `var.rotate`, and the folder has Terraform files pe-lint did not read (legacy.tf), which may use it"),
        "{fix}"
    );
}

/// `--var` decides the variable: editing its default would change nothing, so it is not made.
#[test]
fn a_variable_set_on_the_command_line_is_not_edited() {
    let main = "variable \"retention\" {\n  default = 7\n}\n\nresource \"aws_cloudwatch_log_group\" \"g\" {\n  name              = \"/x\"\n  retention_in_days = var.retention\n}\n";
    let tmp = write_tree(&[("main.tf", main)]);
    let args = [
        "--fix",
        "--env",
        "prod",
        "--var",
        "retention=5",
        "--format",
        "json",
        ".",
    ];
    let rep = report(&run_in(tmp.path(), &args));
    assert_eq!(
        std::fs::read_to_string(tmp.path().join("main.tf")).unwrap(),
        main
    );
    let fix = findings_where(&rep, &[("rule_id", "PE005")])
        .first()
        .map(|f| f["fix"].as_str().unwrap().to_string())
        .unwrap_or_default();
    assert!(
        fix.ends_with("no automatic fix: `retention_in_days` comes from `var.retention`, which the command line or a variable file named there sets"),
        "{fix}"
    );
}

/// What changed between two plans: `address.attribute: before -> after` for every changed
/// value, `+ address` for every added resource and `- address` for every removed one.
fn plan_changes(
    before: &BTreeMap<String, serde_json::Value>,
    after: &BTreeMap<String, serde_json::Value>,
) -> Vec<String> {
    let mut out = Vec::new();
    for (address, values) in before {
        let Some(new) = after.get(address) else {
            out.push(format!("- {address}"));
            continue;
        };
        for (k, v) in values.as_object().into_iter().flatten() {
            if &new[k] != v {
                out.push(format!("{address}.{k}: {v} -> {}", new[k]));
            }
        }
    }
    for address in after.keys().filter(|a| !before.contains_key(*a)) {
        out.push(format!("+ {address}"));
    }
    out
}

/// Fixtures whose fixes add resources: the plan after `--fix` differs from the one before only
/// in the fixed attributes and the added resources.
#[test]
fn fixed_fixtures_plan_with_only_the_fixed_values_and_added_resources() {
    let Some(tool) = crate::common::shared("tools/tf-plan-json") else {
        return;
    };
    let case = Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata/fix/pe002");
    let tmp = copy_of(&case.join("before"));
    let Some(before) = plan_of(&tool, tmp.path()) else {
        return;
    };
    run_in(tmp.path(), &["--fix", "."]);
    let after = plan_of(&tool, tmp.path()).unwrap();
    assert_eq!(
        plan_changes(&before, &after),
        PE002_PLAN_CHANGES,
        "{:#?}",
        plan_changes(&before, &after)
    );
}

const PE002_PLAN_CHANGES: &[&str] = &[
    "aws_s3_bucket_public_access_block.logs.block_public_policy: false -> true",
    "aws_s3_bucket_public_access_block.logs.restrict_public_buckets: false -> true",
    "+ aws_s3_bucket_public_access_block.exports[0]",
    "+ aws_s3_bucket_public_access_block.exports[1]",
    "+ aws_s3_bucket_public_access_block.photos",
    "+ aws_s3_bucket_public_access_block.regions[\"eu\"]",
    "+ aws_s3_bucket_public_access_block.regions[\"us\"]",
];

fn findings_of<'a>(rep: &'a serde_json::Value, rule: &str) -> Vec<&'a serde_json::Value> {
    findings_where(rep, &[("rule_id", rule)])
        .into_iter()
        .filter(|f| f["status"] != "pass")
        .collect()
}

/// PE006: a missing key without a configured value is not fixed, and the finding says so; the
/// others of the case are (testdata/fix/pe006: default_tags added, extended, own tags, merge).
#[test]
fn a_tag_without_a_configured_value_is_not_fixed() {
    let case = Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata/fix/pe006");
    let tmp = copy_of(&case.join("before"));
    let rep = report(&run_in(tmp.path(), &["--fix", "--format", "json", "."]));
    let left: Vec<String> = findings_of(&rep, "PE006")
        .iter()
        .map(|f| format!("{} {} {}", f["resource"], f["line"], f["fix"]))
        .collect();
    assert_eq!(
        left,
        ["\"aws_sns_topic.no_project\" 97 \"add Project, Owner, CostCenter to the resource's tags or to the provider's default_tags; no automatic fix: pe-lint never invents a tag value, and none is configured for Project: set `autofix { tags = { Project = \\\"...\\\" } }` in .pe-lint.hcl\""]
    );
}

/// A provider's default_tags would also tag a resource whose PE006 finding is suppressed: no
/// edit there, and the finding says which resource.
#[test]
fn default_tags_that_would_tag_a_suppressed_resource_are_not_added() {
    let main = "provider \"aws\" {\n  region = \"eu-west-1\"\n}\n\nresource \"aws_sns_topic\" \"a\" {\n  name = \"a\"\n  tags = {\n    Project = \"p\"\n    Env     = \"prod\"\n  }\n}\n\n# pe-lint:ignore PE006 reason=\"billed elsewhere\"\nresource \"aws_sns_topic\" \"b\" {\n  name = \"b\"\n  tags = {\n    Project = \"p\"\n    Env     = \"prod\"\n  }\n}\n";
    let tmp = write_tree(&[
        (
            ".pe-lint.hcl",
            "autofix {\n  tags = {\n    Owner      = \"o\"\n    CostCenter = \"c\"\n  }\n}\n",
        ),
        ("main.tf", main),
    ]);
    let rep = report(&run_in(tmp.path(), &["--fix", "--format", "json", "."]));
    assert_eq!(
        std::fs::read_to_string(tmp.path().join("main.tf")).unwrap(),
        main
    );
    let fixes: Vec<&str> = findings_of(&rep, "PE006")
        .iter()
        .filter(|f| f["status"] == "fail")
        .map(|f| f["fix"].as_str().unwrap())
        .collect();
    assert_eq!(
        fixes,
        ["add Owner, CostCenter to the resource's tags or to the provider's default_tags; no automatic fix: the edit would also change aws_sns_topic.b, whose PE006 finding is suppressed"]
    );
}

/// A configured tag value is written as exactly that string: quotes, backslashes and template
/// sequences cannot turn it into an expression.
#[test]
fn a_configured_tag_value_is_written_literally() {
    let tmp = write_tree(&[
        (
            ".pe-lint.hcl",
            "autofix {\n  tags = {\n    Owner      = \"a\\\"b $${x} %%{y}\"\n    CostCenter = \"c\"\n  }\n}\n",
        ),
        ("main.tf", "resource \"aws_sns_topic\" \"a\" {\n  name = \"a\"\n  tags = {\n    Project = \"p\"\n    Env     = \"prod\"\n  }\n}\n"),
    ]);
    run_in(tmp.path(), &["--fix", "."]);
    assert_eq!(
        std::fs::read_to_string(tmp.path().join("main.tf")).unwrap(),
        "resource \"aws_sns_topic\" \"a\" {\n  name = \"a\"\n  tags = {\n    Project    = \"p\"\n    Env        = \"prod\"\n    Owner      = \"a\\\"b $${x} %%{y}\"\n    CostCenter = \"c\"\n  }\n}\n"
    );
}

#[test]
fn autofix_tag_values_must_be_strings() {
    let tmp = write_tree(&[
        (
            ".pe-lint.hcl",
            "autofix {\n  tags = {\n    Owner = 1\n  }\n}\n",
        ),
        ("main.tf", ""),
    ]);
    let out = run_in(tmp.path(), &["--format", "json", "."]);
    assert_eq!(out.status.code(), Some(2));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("`autofix.tags.Owner` must be a non-empty string without control characters, found a number"),
        "{text}"
    );
}

/// The shipped `pe-lint-fix` hook, run through the real pre-commit as tests/it/precommit.rs
/// runs the `pe-lint` one (opt-in with `PE_LINT_PRECOMMIT_TEST=1`, always on CI): the first run
/// fixes the staged module and fails because a file changed; the second passes.
#[test]
fn pre_commit_fix_hook_fixes_then_passes() {
    let opted_in = std::env::var("PE_LINT_PRECOMMIT_TEST").as_deref() == Ok("1");
    if !opted_in && !crate::common::on_ci() {
        eprintln!("skipped: set PE_LINT_PRECOMMIT_TEST=1 to run the real pre-commit hook test");
        return;
    }
    let work = Path::new(env!("CARGO_TARGET_TMPDIR")).join("precommit");
    std::fs::create_dir_all(&work).unwrap();
    let pre_commit = pre_commit_exe(&work);
    let hooks = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join(".pre-commit-hooks.yaml"),
    )
    .unwrap();
    let hook = hooks
        .split("\n- id: ")
        .find(|h| h.starts_with("pe-lint-fix\n"))
        .expect("no pe-lint-fix hook in .pre-commit-hooks.yaml");
    let field = |name: &str| {
        hook.lines()
            .find_map(|l| l.trim().strip_prefix(&format!("{name}: ")))
            .unwrap_or_else(|| panic!("no {name}: in the pe-lint-fix hook"))
            .to_string()
    };
    assert_eq!(field("entry"), "pe-lint --staged --fix --");
    let repo = tempfile::Builder::new()
        .prefix("fix-")
        .tempdir_in(&work)
        .unwrap();
    let repo = repo.path();
    let git = |args: &[&str]| {
        let out = std::process::Command::new("git")
            .current_dir(repo)
            .args(["-c", "user.name=t", "-c", "user.email=t@example.com"])
            .args(args)
            .output()
            .unwrap();
        assert!(out.status.success(), "git {args:?}");
    };
    git(&["init", "--quiet", "--initial-branch=main"]);
    std::fs::write(
        repo.join(".pre-commit-config.yaml"),
        format!(
            "repos:\n  - repo: local\n    hooks:\n      - id: pe-lint-fix\n        name: pe-lint-fix\n        \
             entry: {}\n        language: system\n        files: {}\n        always_run: true\n        \
             require_serial: true\n",
            field("entry"),
            field("files")
        ),
    )
    .unwrap();
    std::fs::create_dir_all(repo.join("infra")).unwrap();
    let main = "provider \"aws\" {\n  region = \"eu-west-1\"\n  default_tags {\n    tags = {\n      Project    = \"demo\"\n      Env        = \"dev\"\n      Owner      = \"platform\"\n      CostCenter = \"cc-1\"\n    }\n  }\n}\n\nresource \"aws_kms_key\" \"logs\" {\n  description = \"logs key\"\n}\n";
    std::fs::write(repo.join("infra/main.tf"), main).unwrap();
    git(&["add", "-A"]);
    let bin_dir = Path::new(env!("CARGO_BIN_EXE_pe-lint")).parent().unwrap();
    let path = format!(
        "{}:{}",
        bin_dir.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let run_hook = || {
        let out = std::process::Command::new(&pre_commit)
            .current_dir(repo)
            .args([
                "run",
                "pe-lint-fix",
                "--color",
                "never",
                "--files",
                "infra/main.tf",
            ])
            .env("PRE_COMMIT_HOME", work.join("cache"))
            .env("PATH", &path)
            .env("NO_COLOR", "1")
            .output()
            .unwrap();
        let text = format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        (out.status.code(), text)
    };
    let (code, text) = run_hook();
    assert_eq!(code, Some(1), "a fixing run must fail the commit:\n{text}");
    assert!(text.contains("files were modified by this hook"), "{text}");
    assert!(
        std::fs::read_to_string(repo.join("infra/main.tf"))
            .unwrap()
            .contains("  description         = \"logs key\"\n  enable_key_rotation = true\n"),
        "{text}"
    );
    git(&["add", "-A"]);
    let (code, text) = run_hook();
    assert_eq!(code, Some(0), "the fixed module must pass:\n{text}");
}

/// `pre-commit` from `PATH`, else in the virtual environment tests/it/precommit.rs installs.
fn pre_commit_exe(work: &Path) -> PathBuf {
    let on_path = std::process::Command::new("pre-commit")
        .arg("--version")
        .output();
    if on_path.is_ok_and(|o| o.status.success()) {
        return PathBuf::from("pre-commit");
    }
    let venv = work.join("venv");
    let exe = venv.join("bin").join("pre-commit");
    if !exe.exists() {
        let ok = |c: &mut std::process::Command| assert!(c.status().unwrap().success(), "{c:?}");
        ok(std::process::Command::new("python3")
            .args(["-m", "venv"])
            .arg(&venv));
        ok(
            std::process::Command::new(venv.join("bin").join("pip")).args([
                "install",
                "--quiet",
                "pre-commit>=3,<5",
            ]),
        );
    }
    exe
}

const CUSTOM_RULE: &str = "rule \"ORG010\" {\n  name        = \"queue-encrypted\"\n  severity    = \"error\"\n  summary     = \"SQS queues use SQS-managed encryption\"\n  requirement = \"Queues are encrypted\"\n  remediation = \"Set `sqs_managed_sse_enabled = true`.\"\n\n  check \"aws_sqs_queue\" {\n    assert  = self.sqs_managed_sse_enabled == true\n    message = \"queue ${self.name} is not encrypted\"\n    at      = \"sqs_managed_sse_enabled\"\n\n    autofix {\n      attribute = \"sqs_managed_sse_enabled\"\n      value     = VALUE\n    }\n  }\n}\n";

/// A custom rule's `autofix` block: the argument is set where it is a literal and added where it
/// is missing, aligned; a value shared with another resource is refused as for the built-ins.
#[test]
fn a_custom_rule_declares_its_fix() {
    let main = "variable \"sse\" {\n  default = false\n}\n\nresource \"aws_sqs_queue\" \"a\" {\n  name = \"a\"\n}\n\nresource \"aws_sqs_queue\" \"b\" {\n  name                    = \"b\"\n  sqs_managed_sse_enabled = false\n}\n\nresource \"aws_sqs_queue\" \"c\" {\n  name                    = \"c\"\n  sqs_managed_sse_enabled = var.sse\n}\n\nresource \"aws_sqs_queue\" \"d\" {\n  name                    = \"d\"\n  sqs_managed_sse_enabled = var.sse\n}\n";
    let tmp = write_tree(&[
        ("policies/ORG010.hcl", &CUSTOM_RULE.replace("VALUE", "true")),
        ("main.tf", main),
    ]);
    let args = [
        "--rules", "policies", "--check", "ORG010", "--fix", "--format", "json", ".",
    ];
    let rep = report(&run_in(tmp.path(), &args));
    assert_eq!(
        std::fs::read_to_string(tmp.path().join("main.tf")).unwrap(),
        main.replace(
            "  name = \"a\"\n",
            "  name                    = \"a\"\n  sqs_managed_sse_enabled = true\n"
        )
        .replace(
            "\"b\"\n  sqs_managed_sse_enabled = false",
            "\"b\"\n  sqs_managed_sse_enabled = true"
        )
    );
    assert_eq!(rep["summary"]["fixed"], 2, "{rep:#}");
    let left: Vec<String> = findings_of(&rep, "ORG010")
        .iter()
        .map(|f| {
            format!(
                "{} {}",
                f["resource"].as_str().unwrap(),
                f["fix"].as_str().unwrap()
            )
        })
        .collect();
    assert_eq!(
        left,
        [
            "aws_sqs_queue.c Set `sqs_managed_sse_enabled = true`.; no automatic fix: `sqs_managed_sse_enabled` comes from `var.sse`, which is also used in 1 other place(s); change it by hand",
            "aws_sqs_queue.d Set `sqs_managed_sse_enabled = true`.; no automatic fix: `sqs_managed_sse_enabled` comes from `var.sse`, which is also used in 1 other place(s); change it by hand",
        ]
    );
}

/// An `autofix` value must be a literal: a computed one is a rule-file error (exit 2).
#[test]
fn a_custom_fix_value_must_be_a_literal() {
    let tmp = write_tree(&[
        (
            "policies/ORG010.hcl",
            &CUSTOM_RULE.replace("VALUE", "var.x"),
        ),
        ("main.tf", ""),
    ]);
    let out = run_in(
        tmp.path(),
        &["--rules", "policies", "--format", "json", "."],
    );
    assert_eq!(out.status.code(), Some(2));
    let rep = report(&out);
    let d: Vec<String> = rep["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            format!(
                "{} {} {}",
                d["code"].as_str().unwrap(),
                d["line"],
                d["message"].as_str().unwrap()
            )
        })
        .collect();
    assert_eq!(
        d,
        ["rule-invalid 15 `value` must be a literal bool, number or string"]
    );
}

/// A rule without an `autofix` block offers no fix, and says so.
#[test]
fn a_custom_rule_without_a_fix_says_so() {
    let rule = CUSTOM_RULE.replace(
        "\n    autofix {\n      attribute = \"sqs_managed_sse_enabled\"\n      value     = VALUE\n    }\n",
        "",
    );
    let tmp = write_tree(&[
        ("policies/ORG010.hcl", &rule),
        (
            "main.tf",
            "resource \"aws_sqs_queue\" \"a\" {\n  name = \"a\"\n}\n",
        ),
    ]);
    let args = [
        "--rules", "policies", "--check", "ORG010", "--fix", "--format", "json", ".",
    ];
    let rep = report(&run_in(tmp.path(), &args));
    let fixes: Vec<&str> = findings_of(&rep, "ORG010")
        .iter()
        .map(|f| f["fix"].as_str().unwrap())
        .collect();
    assert_eq!(
        fixes,
        ["Set `sqs_managed_sse_enabled = true`.; no automatic fix: rule ORG010 declares no fix for aws_sqs_queue"]
    );
}

/// A map keyed by the environment that also decides something else is not edited.
#[test]
fn a_retention_map_used_elsewhere_is_not_edited() {
    let main = "variable \"environment\" {\n  default = \"prod\"\n}\n\nlocals {\n  retention = {\n    prod = 30\n    dev  = 14\n  }\n}\n\nresource \"aws_cloudwatch_log_group\" \"a\" {\n  name              = \"/a\"\n  retention_in_days = local.retention[var.environment]\n}\n\noutput \"days\" {\n  value = local.retention\n}\n";
    let tmp = write_tree(&[("main.tf", main)]);
    let rep = report(&run_in(tmp.path(), &["--fix", "--format", "json", "."]));
    assert_eq!(
        std::fs::read_to_string(tmp.path().join("main.tf")).unwrap(),
        main
    );
    let fixes: Vec<&str> = findings_of(&rep, "PE005")
        .iter()
        .map(|f| f["fix"].as_str().unwrap())
        .collect();
    assert_eq!(fixes.len(), 1, "{rep:#}");
    assert!(
        fixes[0].ends_with("no automatic fix: `local.retention` is also used in 1 other place(s); change it by hand"),
        "{}",
        fixes[0]
    );
}

/// `(line, column, end_line, end_column)` of a reported edit.
type Region = (u64, u64, u64, u64);

/// The byte offset of a 1-based line and character column in `text`.
fn offset_of(text: &str, line: u64, column: u64) -> usize {
    let start: usize = text
        .split_inclusive('\n')
        .take(line as usize - 1)
        .map(str::len)
        .sum();
    text[start..]
        .char_indices()
        .nth(column as usize - 1)
        .map_or(text.len(), |(i, _)| start + i)
}

/// The JSON report's `edits`, planned without `--fix`, applied to the before-files give the
/// after-files: what the report offers is exactly what `--fix` writes.
#[test]
fn the_reported_edits_are_the_fixes() {
    for case in cases() {
        let name = case.file_name().unwrap().to_string_lossy().into_owned();
        let tmp = copy_of(&case.join("before"));
        let rep = report(&run_in(tmp.path(), &["--format", "json", "."]));
        let mut edits: BTreeMap<String, BTreeMap<Region, String>> = BTreeMap::new();
        for f in findings_where(&rep, &[]) {
            for e in f["edits"].as_array().into_iter().flatten() {
                let at = |k: &str| e[k].as_u64().unwrap();
                edits
                    .entry(e["file"].as_str().unwrap().to_string())
                    .or_default()
                    .insert(
                        (at("line"), at("column"), at("end_line"), at("end_column")),
                        e["text"].as_str().unwrap().to_string(),
                    );
            }
        }
        let mut files = files_of(&case.join("before"));
        for (file, edits) in edits {
            let before = files[&file].clone();
            let mut spans: Vec<(usize, usize, String)> = edits
                .into_iter()
                .map(|((l, c, el, ec), text)| {
                    (offset_of(&before, l, c), offset_of(&before, el, ec), text)
                })
                .collect();
            // Insertions at one point: one-line texts first, as `apply` orders them.
            spans.sort_by_key(|(s, e, t)| (*s, *e, t.trim_end().contains('\n'), t.clone()));
            let mut after = String::new();
            let mut at = 0;
            for (s, e, t) in spans {
                after.push_str(&before[at..s]);
                after.push_str(&t);
                at = e;
            }
            after.push_str(&before[at..]);
            files.insert(file, after);
        }
        assert_eq!(files, files_of(&case.join("after")), "{name}");
    }
}

/// SARIF `fixes` (several files' replacements, insertions as empty regions) pass the SARIF
/// validator.
#[test]
fn sarif_fixes_are_valid_sarif() {
    let Some(tool) = crate::common::shared("tools/validate-sarif") else {
        return;
    };
    let case = Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata/fix/pe006");
    let tmp = copy_of(&case.join("before"));
    let out = run_in(tmp.path(), &["--format", "sarif", "."]);
    let sarif: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let fixes = sarif["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["fixes"].is_array())
        .count();
    assert_eq!(fixes, 5, "{sarif:#}");
    let file = tmp.path().join("report.sarif");
    std::fs::write(&file, &out.stdout).unwrap();
    let check = std::process::Command::new(tool)
        .arg(&file)
        .output()
        .unwrap();
    assert!(
        check.status.success(),
        "{}{}",
        String::from_utf8_lossy(&check.stdout),
        String::from_utf8_lossy(&check.stderr)
    );
}

/// A generic resource's finding is about a property inside its template or desired state:
/// `--fix` must not add the rule's Terraform attribute (`enable_key_rotation`) to the stack.
#[test]
fn generic_resources_are_never_edited() {
    let main = "resource \"aws_cloudformation_stack\" \"s\" {\n  name          = \"keys\"\n  template_body = \"Resources:\\n  Key:\\n    Type: AWS::KMS::Key\\n\"\n}\n\nresource \"aws_cloudcontrolapi_resource\" \"k\" {\n  type_name     = \"AWS::KMS::Key\"\n  desired_state = jsonencode({ EnableKeyRotation = false })\n}\n";
    let tmp = write_tree(&[("main.tf", main)]);
    let rep = report(&run_in(tmp.path(), &["--fix", "--format", "json", "."]));
    let pe001 = findings_where(&rep, &[("rule_id", "PE001")]);
    assert_eq!(pe001.len(), 2, "{rep}");
    for f in pe001 {
        assert_eq!(f["status"], "fail", "{f}");
        assert!(
            f["fix"]
                .as_str()
                .unwrap()
                .contains("pe-lint does not edit it"),
            "{f}"
        );
    }
    let after = std::fs::read_to_string(tmp.path().join("main.tf")).unwrap();
    assert_eq!(after, main);
}

#[test]
fn json_files_with_added_members_stay_json() {
    let after = Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata/fix/json_add/after");
    for (name, text) in files_of(&after) {
        let parsed: Result<serde_json::Value, _> = serde_json::from_str(&text);
        assert!(parsed.is_ok(), "{name}: {parsed:?}");
    }
    // The minified file stays on one line.
    assert_eq!(files_of(&after)["min.tf.json"].lines().count(), 1);
}

/// A `"resource"` object naming a type twice: which object a new resource would go into is a
/// guess, so none is added (and the file is not touched).
#[test]
fn json_resource_type_given_twice_is_not_added_to() {
    let text = r#"{
  "resource": {
    "aws_s3_bucket": {"b": {"bucket": "b"}},
    "aws_s3_bucket_public_access_block": {"x": {"bucket": "other"}},
    "aws_s3_bucket_public_access_block": {"y": {"bucket": "other2"}}
  }
}
"#;
    let tmp = write_tree(&[("main.tf.json", text)]);
    let rep = report(&run_in(tmp.path(), &["--fix", "--format", "json", "."]));
    let fix = findings_where(
        &rep,
        &[("rule_id", "PE002"), ("resource", "aws_s3_bucket.b")],
    )[0]["fix"]
        .clone();
    assert!(
        fix.as_str().unwrap().ends_with("no automatic fix: the JSON \"resource\" object names \"aws_s3_bucket_public_access_block\" more than once; add the resource by hand"),
        "{fix}"
    );
    assert_eq!(
        std::fs::read_to_string(tmp.path().join("main.tf.json")).unwrap(),
        text
    );
}

/// `lookup(local.audit, var.environment, 14)` where the local is also an output: no edit, and
/// the finding says where else it is used.
#[test]
fn lookup_of_a_shared_local_is_refused() {
    let case = Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata/fix/pe005_lookup");
    let tmp = copy_of(&case.join("before"));
    let rep = report(&run_in(tmp.path(), &["--fix", "--format", "json", "."]));
    let fix = findings_where(
        &rep,
        &[
            ("rule_id", "PE005"),
            ("resource", "aws_cloudwatch_log_group.c"),
        ],
    )[0]["fix"]
        .clone();
    assert_eq!(
        fix,
        "set `retention_in_days = 90`; no automatic fix: `local.audit` is also used in 1 other place(s); change it by hand"
    );
}

/// Terraform reads the fixed `.tf.json` files (and the `lookup` case) as pe-lint meant them:
/// the added members and resources are in the plan with the values written.
#[test]
fn fixed_json_and_lookup_cases_plan_with_the_fixed_values() {
    let Some(tool) = crate::common::shared("tools/tf-plan-json") else {
        return;
    };
    let fix = Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata/fix");
    let Some(json) = plan_of(&tool, &fix.join("json_add/after")) else {
        return;
    };
    let value = |plan: &BTreeMap<String, serde_json::Value>, a: &str, k: &str| plan[a][k].clone();
    assert_eq!(
        value(&json, "aws_kms_key.empty", "enable_key_rotation"),
        true
    );
    assert_eq!(
        value(&json, "aws_kms_key.uploads", "enable_key_rotation"),
        true
    );
    for flag in [
        "block_public_policy",
        "ignore_public_acls",
        "restrict_public_buckets",
    ] {
        assert_eq!(
            value(&json, "aws_s3_bucket_public_access_block.logs", flag),
            true
        );
        assert_eq!(
            value(&json, "aws_s3_bucket_public_access_block.photos", flag),
            true
        );
    }
    assert_eq!(
        value(&json, "aws_cloudwatch_log_group.shards[1]", "name"),
        "/aws/lambda/shard-1"
    );
    assert_eq!(
        value(&json, "aws_cloudwatch_log_group.app", "retention_in_days"),
        90
    );
    let lookup = plan_of(&tool, &fix.join("pe005_lookup/after")).unwrap();
    let days: Vec<serde_json::Value> = ["a", "b", "c"]
        .iter()
        .map(|n| {
            value(
                &lookup,
                &format!("aws_cloudwatch_log_group.{n}"),
                "retention_in_days",
            )
        })
        .collect();
    // b's default decides prod (no "prod" key); c was refused.
    assert_eq!(days, [90, 90, 30]);
}

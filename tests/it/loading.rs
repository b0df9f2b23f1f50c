//! Which files a run loads, as Terraform's loader decides it, and how `--var` is taken.
//!
//! Terraform's loader (`configs.IsIgnoredFile`) skips a configuration file whose name starts
//! with `.`, ends with `~`, or starts and ends with `#`. Planned offline with
//! `shared/tools/tf-plan-json` (Terraform with the AWS provider 5.100.0) on the tree
//! `main.tf` (variable `a`, `aws_kms_key.k` with `enable_key_rotation = true`, bucket `ok`) +
//! `.kms_override.tf` (rotation off) + `.s3.tf` (bucket `hidden`) + `main.tf~` and `#x.tf#`
//! (bucket `tilde`) + `.x.auto.tfvars` (`a = "from-hidden-auto"`), the plan held exactly
//! `aws_kms_key.k` with `enable_key_rotation = true` and `aws_s3_bucket.ok`, and variable `a`
//! was `"from-hidden-auto"`: the ignored names are not configuration, but the automatic
//! variable files are not filtered that way (`.x.auto.tfvars` is read).

use crate::common::{json_run, pe_lint, write_tree};
use serde_json::Value;
use std::path::Path;

/// A root that passes every rule, with a variable an automatic tfvars file can turn against it.
const PASSING: &str = r#"variable "rotate" {
  type    = bool
  default = true
}
resource "aws_kms_key" "k" {
  enable_key_rotation = var.rotate
  tags = { Project = "p", Env = "dev", Owner = "o", CostCenter = "c" }
}
"#;

const ROTATION_OFF: &str = r#"resource "aws_kms_key" "k" {
  enable_key_rotation = false
}
"#;

const BARE_BUCKET: &str = r#"resource "aws_s3_bucket" "b" {
  bucket = "b"
}
"#;

/// What decides a run's verdict: exit code, summary, findings (paths are relative already)
/// and the diagnostic codes.
fn verdict(args: &[&str]) -> (i32, Value, Value, Vec<String>) {
    let (v, code) = json_run(&mut pe_lint(), args);
    let codes = v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["code"].as_str().unwrap().to_string())
        .collect();
    (code, v["summary"].clone(), v["findings"].clone(), codes)
}

fn verdict_of(dir: &Path) -> (i32, Value, Value, Vec<String>) {
    verdict(&[dir.to_str().unwrap()])
}

/// The attack: `.kms_override.tf` turns rotation off and `.s3.tf` adds a bucket that fails
/// PE002, in files Terraform never loads, so pe-lint would fail a change Terraform applies
/// cleanly (or, with the roles swapped, judge configuration that is not there). What holds:
/// the verdict is that of the tree without them, and the files are not counted.
#[test]
fn files_terraform_ignores_do_not_change_verdicts() {
    let plain = write_tree(&[("main.tf", PASSING)]);
    let hostile = write_tree(&[
        ("main.tf", PASSING),
        (".kms_override.tf", ROTATION_OFF),
        (".s3.tf", BARE_BUCKET),
        (
            ".s3.tf.json",
            r#"{"resource": {"aws_s3_bucket": {"j": {}}}}"#,
        ),
        ("#x.tf#", BARE_BUCKET),
        ("main.tf~", ROTATION_OFF),
    ]);
    let expected = verdict_of(plain.path());
    assert_eq!(expected.0, 0, "{expected:?}");
    assert_eq!(verdict_of(hostile.path()), expected);
    let (v, _) = json_run(&mut pe_lint(), &[hostile.path().to_str().unwrap()]);
    assert_eq!(v["scan"]["files"], 1, "{v:#}");
}

/// The same names in a child module, loaded through a `module` call rather than the walk: a
/// hidden file there is not configuration either.
#[test]
fn ignored_files_in_a_called_module_are_not_loaded() {
    let plain = write_tree(&[
        ("main.tf", "module \"m\" {\n  source = \"./.mods/m\"\n}\n"),
        (".mods/m/main.tf", PASSING),
    ]);
    let hostile = write_tree(&[
        ("main.tf", "module \"m\" {\n  source = \"./.mods/m\"\n}\n"),
        (".mods/m/main.tf", PASSING),
        (".mods/m/.kms_override.tf", ROTATION_OFF),
        (".mods/m/.s3.tf", BARE_BUCKET),
    ]);
    let expected = verdict_of(plain.path());
    assert_eq!(expected.0, 0, "{expected:?}");
    assert_eq!(verdict_of(hostile.path()), expected);
}

/// A directory holding only hidden `.tf` files is not a module to Terraform: it must not
/// become a root of its own (nor give a var file a root to attach to).
#[test]
fn a_directory_of_only_ignored_files_is_no_module() {
    let plain = write_tree(&[("main.tf", PASSING)]);
    let hostile = write_tree(&[
        ("main.tf", PASSING),
        ("hidden/.main.tf", BARE_BUCKET),
        ("hidden/x.auto.tfvars", "rotate = false\n"),
    ]);
    assert_eq!(verdict_of(hostile.path()), verdict_of(plain.path()));
}

/// The bypass of over-applying the rule: Terraform still reads `.x.auto.tfvars` (the plan
/// above took `a` from it), so a hidden automatic variable file that turns rotation off must
/// still fail PE001.
#[test]
fn a_hidden_auto_tfvars_is_still_read_like_terraform_does() {
    let dir = write_tree(&[("main.tf", PASSING), (".x.auto.tfvars", "rotate = false\n")]);
    let (code, summary, _, _) = verdict_of(dir.path());
    assert_eq!(code, 1);
    assert_eq!(summary["by_rule"]["PE001"], 1, "{summary:#}");
}

/// Naming an ignored file on the command line (a hook's list of changed files): it is not
/// checked, and the run says why instead of calling it "not a Terraform file".
#[test]
fn an_ignored_file_named_on_the_command_line_is_a_warning() {
    let dir = write_tree(&[("main.tf", PASSING), (".s3.tf", BARE_BUCKET)]);
    let file = dir.path().join(".s3.tf");
    let (v, code) = json_run(&mut pe_lint(), &[file.to_str().unwrap()]);
    assert_eq!(code, 0, "{v:#}");
    let d = &v["diagnostics"][0];
    assert_eq!(d["code"], "ignored-by-terraform", "{v:#}");
    assert_eq!(d["severity"], "warning");
    assert!(d["message"].as_str().unwrap().contains(".s3.tf"), "{d:#}");
    assert_eq!(v["findings"].as_array().unwrap().len(), 0, "{v:#}");
}

/// `--var name` (no `=`) is a usage error naming the argument, as in Terraform, not a
/// variable silently set to "".
#[test]
fn var_without_equals_is_a_usage_error() {
    let dir = write_tree(&[("main.tf", PASSING)]);
    let out = pe_lint()
        .args([dir.path().to_str().unwrap(), "--var", "rotate"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("--var \"rotate\" is not correctly specified"),
        "{err}"
    );
    assert!(out.stdout.is_empty());
}

/// `--var =x` names no variable: a usage error too.
#[test]
fn var_with_an_empty_name_is_a_usage_error() {
    let dir = write_tree(&[("main.tf", PASSING)]);
    let out = pe_lint()
        .args([dir.path().to_str().unwrap(), "--var", "=false"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--var \"=false\""));
}

/// A misspelt `--var` is an error with the closest declared name, exit 2: a typo must not
/// leave the default (perhaps the passing value) in place silently.
#[test]
fn unknown_var_is_an_error_with_did_you_mean() {
    let dir = write_tree(&[("main.tf", PASSING)]);
    let (v, code) = json_run(
        &mut pe_lint(),
        &[dir.path().to_str().unwrap(), "--var", "rotat=false"],
    );
    assert_eq!(code, 2, "{v:#}");
    let diags = v["diagnostics"].as_array().unwrap();
    assert_eq!(diags.len(), 1, "{v:#}");
    assert_eq!(diags[0]["code"], "undeclared-variable");
    assert_eq!(diags[0]["severity"], "error");
    let msg = diags[0]["message"].as_str().unwrap();
    assert!(msg.contains("\"rotat\""), "{msg}");
    assert!(
        diags[0]["help"]
            .as_str()
            .unwrap_or("")
            .contains("did you mean \"rotate\"?"),
        "{v:#}"
    );
}

/// With several roots, a `--var` applies to the roots that declare it; the others take no
/// error for it. Only a name no checked root declares is an error.
#[test]
fn a_var_declared_by_one_root_of_several_is_no_error() {
    let dir = write_tree(&[
        ("a/main.tf", PASSING),
        (
            "b/main.tf",
            "resource \"aws_kms_key\" \"b\" {\n  enable_key_rotation = true\n  tags = { Project = \"p\", Env = \"dev\", Owner = \"o\", CostCenter = \"c\" }\n}\n",
        ),
    ]);
    let root = dir.path().to_str().unwrap();
    let (code, summary, _, codes) = verdict(&[root, "--var", "rotate=false"]);
    assert_eq!(codes, Vec::<String>::new());
    assert_eq!(code, 1);
    assert_eq!(summary["by_rule"]["PE001"], 1, "{summary:#}");
    let (code, _, _, codes) = verdict(&[root, "--var", "nobody=1"]);
    assert_eq!((code, codes), (2, vec!["undeclared-variable".to_string()]));
}

/// A FIFO and a link out of the tree under hidden `.tf` names: before, discovery took them as
/// configuration (a FIFO refused with an error, a link followed to be refused). Terraform
/// never opens either, so what holds is a quiet, passing run that neither blocks on the FIFO
/// nor reads or quotes the link's target.
#[cfg(unix)]
#[test]
fn hidden_fifo_and_link_are_neither_opened_nor_reported() {
    let dir = write_tree(&[("main.tf", PASSING)]);
    let fifo = dir.path().join(".pipe.tf");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap();
    assert!(made.success());
    std::os::unix::fs::symlink("/etc/passwd", dir.path().join(".passwd.tf")).unwrap();
    let out = crate::common::output_within(
        pe_lint().arg(dir.path()).args(["--format", "json"]),
        std::time::Duration::from_secs(60),
    );
    assert_eq!(out.status.code(), Some(0));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["diagnostics"], serde_json::json!([]), "{v:#}");
    assert!(!String::from_utf8_lossy(&out.stdout).contains("root:"));
}

/// A misspelt `--var` next to a correct one, twice: one error for the unknown name (not one
/// per root or per repetition), and the known one still applies.
#[test]
fn unknown_var_is_reported_once_and_known_ones_still_apply() {
    let dir = write_tree(&[("a/main.tf", PASSING), ("b/main.tf", PASSING)]);
    let root = dir.path().to_str().unwrap();
    let (code, summary, _, codes) = verdict(&[
        root,
        "--var",
        "rotate=false",
        "--var",
        "rotat=1",
        "--var",
        "rotat=2",
    ]);
    assert_eq!(code, 2);
    assert_eq!(codes, vec!["undeclared-variable".to_string()]);
    assert_eq!(summary["by_rule"]["PE001"], 2, "{summary:#}");
}

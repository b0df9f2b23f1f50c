//! The policy the tree cannot lower: one configuration governs the run (`--config`, else the
//! root's `.pe-lint.hcl`), nested ones only tighten, `exclude` cannot drop what Terraform loads,
//! and `--strict` fails on what was not checked. Each tree is a git work tree (a `.git`
//! directory), as in CI.

use super::common::*;
use std::path::Path;

const GIT: (&str, &[u8]) = (".git/HEAD", b"ref: refs/heads/main\n");

const REMOTE_TF: &[u8] = b"module \"vpc\" {\n  source = \"terraform-aws-modules/vpc/aws\"\n}\n";

fn json_in(dir: &Path, args: &[&str]) -> Run {
    let mut all: Vec<&dyn AsRef<std::ffi::OsStr>> = Vec::new();
    for a in args {
        all.push(a);
    }
    all.push(&"--format");
    all.push(&"json");
    pe_lint_in(Some(dir), &all, &[])
}

/// (code, file, line) of every diagnostic with `code`.
fn diags(r: &Run, code: &str) -> Vec<(String, u64)> {
    r.json()["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["code"] == code)
        .map(|d| {
            (
                d["file"].as_str().unwrap_or("").to_string(),
                d["line"].as_u64().unwrap_or(0),
            )
        })
        .collect()
}

fn messages(r: &Run, code: &str) -> String {
    r.json()["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["code"] == code)
        .map(|d| d["message"].as_str().unwrap().to_string() + "\n")
        .collect()
}

/// Attack (item 8): a `.pe-lint.hcl` in a docs folder disables PE001 and sets
/// `fail_on = "never"`, and its file is passed first, as pre-commit may. Holds: the run fails
/// in every order, with the same report, and each loosening setting is named with its line.
#[test]
fn a_nested_config_passed_first_cannot_silence_the_policy() {
    let t = tree(&[
        GIT,
        ("docs/main.tf", OK_TF),
        ("infra/main.tf", OK_TF),
        (
            "docs/.pe-lint.hcl",
            b"fail_on = \"never\"\nrule \"PE001\" {\n  enabled = false\n}\n",
        ),
    ]);
    let orders: [&[&str]; 4] = [
        &["docs/main.tf", "infra/main.tf"],
        &["infra/main.tf", "docs/main.tf"],
        &["docs/main.tf"],
        &["docs", "infra"],
    ];
    for args in orders {
        let r = json_in(t.path(), args);
        assert_eq!(r.code, 1, "{args:?}: {}", r.stdout);
        let found = diags(&r, "nested-config");
        // The file itself and `fail_on` (line 1), `enabled = false` (line 3).
        assert_eq!(found.len(), 3, "{args:?}: {found:?}");
        for line in [1, 3] {
            assert!(
                found.contains(&("docs/.pe-lint.hcl".to_string(), line)),
                "{args:?}: {found:?}"
            );
        }
        assert!(r.stdout.contains("\"rule_id\": \"PE001\""), "{}", r.stdout);
    }
    let a = json_in(t.path(), &["docs/main.tf", "infra/main.tf"]);
    let b = json_in(t.path(), &["infra/main.tf", "docs/main.tf"]);
    assert_eq!(a.stdout, b.stdout);
}

/// Attack: a nested file lowers PE001's severity to `info` (below `fail_on`). Holds: ignored,
/// the warning names `rule.PE001.severity` and its line, exit 1.
#[test]
fn a_nested_config_cannot_lower_a_severity() {
    let t = tree(&[
        GIT,
        ("app/main.tf", OK_TF),
        (
            "app/.pe-lint.hcl",
            b"rule \"PE001\" {\n  severity = \"info\"\n}\n",
        ),
    ]);
    let r = json_in(t.path(), &["app"]);
    assert_eq!(r.code, 1, "{}", r.stdout);
    assert!(diags(&r, "nested-config").contains(&("app/.pe-lint.hcl".into(), 2)));
    assert!(messages(&r, "nested-config").contains("`rule.PE001.severity`"));
}

/// Attack: a nested file excludes everything (`exclude = ["**"]`). Holds: ignored, the tree is
/// checked, exit 1.
#[test]
fn a_nested_exclude_is_ignored() {
    let t = tree(&[
        GIT,
        ("app/main.tf", OK_TF),
        ("app/.pe-lint.hcl", b"exclude = [\"**\"]\n"),
    ]);
    let r = json_in(t.path(), &["."]);
    assert_eq!(r.code, 1, "{}", r.stdout);
    assert!(r.resources().contains("aws_kms_key.ok"), "{}", r.stdout);
    assert!(messages(&r, "nested-config").contains("`exclude`"));
}

/// Tightening works: a nested file raises `fail_on` strictness (`warning`) and switches a rule
/// back on that the root disabled, and another nested file's `fail_on = "never"` cannot undo it
/// whatever the order.
#[test]
fn nested_configs_tighten_in_any_order() {
    let t = tree(&[
        GIT,
        (".pe-lint.hcl", b"rule \"PE001\" {\n  enabled = false\n}\n"),
        ("a/main.tf", OK_TF),
        ("a/.pe-lint.hcl", b"rule \"PE001\" {\n  enabled = true\n}\n"),
        ("b/main.tf", b"# nothing\n"),
        ("b/.pe-lint.hcl", b"fail_on = \"never\"\n"),
    ]);
    for args in [["b", "a"], ["a", "b"]] {
        let r = json_in(t.path(), &args);
        assert_eq!(r.code, 1, "{args:?}: {}", r.stdout);
        assert!(r.stdout.contains("\"rule_id\": \"PE001\""));
    }
    // Without a/: the root's policy (PE001 off) holds, and b/ cannot lower fail_on.
    let r = json_in(t.path(), &["b"]);
    assert!(messages(&r, "nested-config").contains("`fail_on`"));
}

/// Attack: `.pe-lint.hcl` is a directory (at the root, or nested). Holds: an error naming it
/// (exit 2), no hang, and with a nested one the rest of the tree is still checked.
#[test]
fn a_directory_named_like_the_config_is_refused() {
    let t = tree(&[GIT, ("main.tf", OK_TF), (".pe-lint.hcl/x", b"")]);
    let r = json_in(t.path(), &["."]);
    assert_eq!(r.code, 2, "{}", r.stdout);
    assert!(r.codes().contains("not-a-file"), "{}", r.stdout);
    assert!(messages(&r, "not-a-file").contains(".pe-lint.hcl"));

    let t = tree(&[GIT, ("app/main.tf", OK_TF), ("app/.pe-lint.hcl/x", b"")]);
    let r = json_in(t.path(), &["app"]);
    assert_eq!(r.code, 2, "{}", r.stdout);
    assert!(messages(&r, "not-a-file").contains("app/.pe-lint.hcl"));
    assert!(r.resources().contains("aws_kms_key.ok"));
}

/// Attack: the root's `.pe-lint.hcl` is a FIFO (reading would block), and `--config` names a
/// FIFO outside the tree. Holds: refused as not a regular file, exit 2, in time.
#[test]
fn a_fifo_config_does_not_hang() {
    let t = tree(&[GIT, ("main.tf", OK_TF)]);
    let fifo = t.path().join(".pe-lint.hcl");
    let c = std::ffi::CString::new(fifo.to_str().unwrap()).unwrap();
    assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o644) }, 0);
    let r = json_in(t.path(), &["."]);
    assert_eq!(r.code, 2, "{}", r.stdout);
    assert!(r.codes().contains("not-a-file"), "{}", r.stdout);

    let outside = tempfile::tempdir().unwrap();
    let ext = outside.path().join("cfg.hcl");
    let c = std::ffi::CString::new(ext.to_str().unwrap()).unwrap();
    assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o644) }, 0);
    std::fs::remove_file(&fifo).unwrap();
    let r = json_in(t.path(), &[".", "--config", ext.to_str().unwrap()]);
    assert_eq!(r.code, 2, "{}", r.stdout);
    assert!(r.codes().contains("not-a-file"), "{}", r.stdout);
}

/// Attack: a nested `.pe-lint.hcl` links to a file outside the tree (its parse errors would
/// quote it). Holds: refused (`outside-tree`), named, nothing of it quoted, the tree checked.
#[test]
fn a_nested_config_linked_out_of_the_tree_is_refused() {
    let base = tempfile::tempdir().unwrap();
    std::fs::write(base.path().join("secret"), "TOP-SECRET-MARKER = {\n").unwrap();
    let t = tree(&[GIT, ("app/main.tf", OK_TF)]);
    std::os::unix::fs::symlink(
        base.path().join("secret"),
        t.path().join("app/.pe-lint.hcl"),
    )
    .unwrap();
    let r = json_in(t.path(), &["app"]);
    assert_eq!(r.code, 2, "{}", r.stdout);
    assert!(messages(&r, "outside-tree").contains("app/.pe-lint.hcl"));
    assert!(!r.stdout.contains("TOP-SECRET") && !r.stderr.contains("TOP-SECRET"));
    assert!(r.resources().contains("aws_kms_key.ok"));
}

/// Attack (item 9): the governing file excludes `**/*.auto.tfvars` and `**/*_override.tf`, so
/// an override that turns rotation off, and a variable file, would go unseen while Terraform
/// still loads them. Holds: an error naming each file, exit 2, and the override is checked.
#[test]
fn exclude_cannot_drop_override_or_auto_var_files() {
    let t = tree(&[
        GIT,
        (
            ".pe-lint.hcl",
            b"exclude = [\"**/*.auto.tfvars\", \"**/*_override.tf\"]\n",
        ),
        (
            "infra/main.tf",
            b"variable \"x\" {}\nresource \"aws_kms_key\" \"k\" {\n  enable_key_rotation = true\n}\n",
        ),
        (
            "infra/k_override.tf",
            b"resource \"aws_kms_key\" \"k\" {\n  enable_key_rotation = false\n}\n",
        ),
        ("infra/x.auto.tfvars", b"x = 1\n"),
    ]);
    let r = json_in(t.path(), &["infra"]);
    assert_eq!(r.code, 2, "{}", r.stdout);
    let m = messages(&r, "config-error");
    assert!(m.contains("infra/k_override.tf"), "{m}");
    assert!(m.contains("infra/x.auto.tfvars"), "{m}");
    let v = r.json();
    let rotation_fails = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .any(|f| f["rule_id"] == "PE001" && f["status"] == "fail");
    assert!(rotation_fails, "{}", r.stdout);
}

/// Attack: `exclude = ["terraform.tfvars"]` hides the file that sets the environment. Holds:
/// an error naming it. Excluding the whole directory stays allowed.
#[test]
fn exclude_matching_terraform_tfvars_is_an_error() {
    let files: &[(&str, &[u8])] = &[
        GIT,
        (".pe-lint.hcl", b"exclude = [\"app/terraform.tfvars\"]\n"),
        ("app/main.tf", b"variable \"environment\" {}\n"),
        ("app/terraform.tfvars", b"environment = \"prod\"\n"),
    ];
    let t = tree(files);
    let r = json_in(t.path(), &["."]);
    assert_eq!(r.code, 2, "{}", r.stdout);
    assert!(messages(&r, "config-error").contains("app/terraform.tfvars"));
    std::fs::write(t.path().join(".pe-lint.hcl"), "exclude = [\"app\"]\n").unwrap();
    let r = json_in(t.path(), &["."]);
    assert!(!r.codes().contains("config-error"), "{}", r.stdout);
}

/// Item 12: an uninstalled remote module passes by default (exit 0) and fails `--strict`
/// (exit 1), listed in every format as a warning.
#[test]
fn strict_fails_on_what_was_not_checked_in_every_format() {
    let t = tree(&[GIT, ("main.tf", REMOTE_TF)]);
    let r = json_in(t.path(), &["."]);
    assert_eq!(r.code, 0, "{}", r.stdout);
    assert_eq!(r.json()["scan"]["strict"], false);
    let r = json_in(t.path(), &[".", "--strict"]);
    assert_eq!(r.code, 1, "{}", r.stdout);
    assert_eq!(r.json()["scan"]["strict"], true);
    let run = |format: &str| {
        pe_lint_in(
            Some(t.path()),
            &[&".", &"--strict", &"--format", &format],
            &[],
        )
    };
    let gh = run("github");
    assert_eq!(gh.code, 1);
    assert!(
        gh.stdout.contains("::warning file=main.tf,line=1"),
        "{}",
        gh.stdout
    );
    assert!(gh.stdout.contains("title=remote-module"), "{}", gh.stdout);
    let sarif: serde_json::Value = serde_json::from_str(&run("sarif").stdout).unwrap();
    let notes = &sarif["runs"][0]["invocations"][0]["toolExecutionNotifications"];
    assert!(
        notes
            .as_array()
            .unwrap()
            .iter()
            .any(|n| n["descriptor"]["id"] == "remote-module" && n["level"] == "warning"),
        "{notes:#}"
    );
    let md = run("markdown").stdout;
    assert!(md.contains("## Not checked (strict mode)"), "{md}");
    assert!(md.contains("`remote-module` at `main.tf:1`"), "{md}");
    let junit = run("junit");
    assert_eq!(junit.code, 1);
    assert!(
        junit.stdout.contains(
            "<testsuite name=\"pe-lint not checked (strict)\" tests=\"1\" failures=\"1\""
        ),
        "{}",
        junit.stdout
    );
    assert!(
        junit.stdout.contains("<failure type=\"remote-module\""),
        "{}",
        junit.stdout
    );
    let human = run("human");
    assert_eq!(human.code, 1);
    assert!(human.stdout.contains("remote-module"), "{}", human.stdout);
}

/// Item 12: `strict = true` in the governing file turns strict mode on; an unresolved finding
/// fails it too.
#[test]
fn strict_from_the_configuration_and_unresolved_findings() {
    let unresolved = b"variable \"r\" {}\nresource \"aws_kms_key\" \"k\" {\n  enable_key_rotation = var.r\n  tags = { Project = \"p\", Env = \"e\", Owner = \"o\", CostCenter = \"c\" }\n}\n";
    let t = tree(&[GIT, ("main.tf", unresolved)]);
    let r = json_in(t.path(), &["."]);
    assert_eq!(r.code, 0, "{}", r.stdout);
    assert_eq!(r.json()["summary"]["unresolved"], 1, "{}", r.stdout);
    std::fs::write(t.path().join(".pe-lint.hcl"), "strict = true\n").unwrap();
    let r = json_in(t.path(), &["."]);
    assert_eq!(r.code, 1, "{}", r.stdout);
    let junit = pe_lint_in(Some(t.path()), &[&".", &"--format", &"junit"], &[]);
    assert_eq!(junit.code, 1);
    assert!(
        junit.stdout.contains("<failure type=\"unresolved\""),
        "{}",
        junit.stdout
    );
}

/// Attack: `--config` (outside the tree) turns strict mode on and a `.pe-lint.hcl` in the tree,
/// at its root, says `strict = false` and `fail_on = "never"`. Holds: both ignored, exit 1;
/// `--strict` cannot be undone by a file either.
#[test]
fn a_file_in_the_tree_cannot_turn_strict_mode_off() {
    let outside = tempfile::tempdir().unwrap();
    let cfg = outside.path().join("gate.hcl");
    std::fs::write(&cfg, "strict = true\n").unwrap();
    let t = tree(&[
        GIT,
        ("main.tf", REMOTE_TF),
        (".pe-lint.hcl", b"strict = false\nfail_on = \"never\"\n"),
    ]);
    let r = json_in(t.path(), &[".", "--config", cfg.to_str().unwrap()]);
    assert_eq!(r.code, 1, "{}", r.stdout);
    assert!(diags(&r, "nested-config").contains(&(".pe-lint.hcl".into(), 1)));
    assert!(messages(&r, "nested-config").contains("`strict`"));
    let r = json_in(t.path(), &[".", "--strict"]);
    assert_eq!(r.code, 1, "{}", r.stdout);
}

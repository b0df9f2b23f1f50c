//! The pre-commit hook, proven with the real `pre-commit` framework from PyPI.
//!
//! Opt-in: set `PE_LINT_PRECOMMIT_TEST=1` (`.ci/extra` does). Under `CI=true` (or `CI=1`, as
//! for every test that needs something beside the checkout: `common::on_ci`) the tests always
//! run, and fail when pre-commit cannot be found or installed: a CI run never passes them by
//! skipping. Elsewhere they say they are skipped and pass, so a plain `cargo test` needs neither
//! Python nor a release build. pre-commit is taken from `PATH` when it is there, else installed.
//!
//! What it does:
//! 1. installs `pre-commit` into a virtual environment under `target/tmp/precommit/venv`
//!    (kept between runs);
//! 2. creates a throwaway git repository whose `.pre-commit-config.yaml` points at this
//!    checkout (`repo:` the local path, `rev:` its HEAD commit: the hook that is tested is the
//!    committed one, so commit first);
//! 3. runs `pre-commit run pe-lint --files ...` on a compliant change (passes) and on a violating
//!    change (fails with pe-lint's message).
//!
//! pre-commit builds the hook with `cargo install --path .` (language: rust). To keep that fast
//! and offline, the build runs with `CARGO_NET_OFFLINE=true` (the crates are already in the
//! cargo cache: this test's own build fetched them), a persistent `CARGO_TARGET_DIR` under
//! `target/tmp/precommit` (so a new HEAD recompiles only pe-lint itself), and an unoptimised
//! release profile (the hook's behaviour does not depend on optimisation).

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const OPT_IN: &str = "PE_LINT_PRECOMMIT_TEST";

/// Whether to run: opted in, or on CI (where a skip would hide a missing pre-commit).
fn wanted() -> bool {
    if std::env::var(OPT_IN).as_deref() == Ok("1") || crate::common::on_ci() {
        return true;
    }
    eprintln!("skipped: set {OPT_IN}=1 to run the real pre-commit hook test (.ci/extra does)");
    false
}

fn run(cmd: &mut Command) -> Output {
    cmd.output()
        .unwrap_or_else(|e| panic!("cannot run {cmd:?}: {e}"))
}

fn ok(cmd: &mut Command) -> String {
    let out = run(cmd);
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.status.success(), "{cmd:?} failed:\n{text}");
    text
}

fn git(repo: &Path) -> Command {
    let mut c = Command::new("git");
    c.current_dir(repo)
        .env("GIT_AUTHOR_NAME", "pe-lint test")
        .env("GIT_AUTHOR_EMAIL", "test@example.com")
        .env("GIT_COMMITTER_NAME", "pe-lint test")
        .env("GIT_COMMITTER_EMAIL", "test@example.com")
        .args([
            "-c",
            "commit.gpgsign=false",
            "-c",
            "core.hooksPath=/dev/null",
        ]);
    c
}

/// `pre-commit` from `PATH`, else in a virtual environment under target/, installed once.
fn pre_commit(work: &Path) -> PathBuf {
    let on_path = Command::new("pre-commit").arg("--version").output();
    if on_path.is_ok_and(|o| o.status.success()) {
        return PathBuf::from("pre-commit");
    }
    let venv = work.join("venv");
    let exe = venv.join("bin").join("pre-commit");
    if !exe.exists() {
        ok(Command::new("python3").args(["-m", "venv"]).arg(&venv));
        ok(Command::new(venv.join("bin").join("pip")).args([
            "install",
            "--quiet",
            "pre-commit>=3,<5",
        ]));
    }
    exe
}

fn write(root: &Path, rel: &str, text: &str) {
    let p = root.join(rel);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(p, text).unwrap();
}

const ROOT_TF: &str = r#"provider "aws" {
  region = "eu-west-1"
  default_tags {
    tags = {
      Project    = "demo"
      Env        = var.environment
      Owner      = "platform"
      CostCenter = "cc-1"
    }
  }
}

variable "environment" {
  type = string
}

module "keys" {
  source   = "./modules/keys"
  rotation = true
}
"#;

const MODULE_TF: &str = r#"variable "rotation" {
  type = bool
}

resource "aws_kms_key" "data" {
  description         = "data key"
  enable_key_rotation = var.rotation
}
"#;

const MODULE_TF_VIOLATING: &str = r#"variable "rotation" {
  type = bool
}

resource "aws_kms_key" "data" {
  description         = "data key"
  enable_key_rotation = var.rotation
}

resource "aws_kms_key" "logs" {
  description = "logs key"
}
"#;

#[test]
fn pre_commit_hook_fails_on_a_violation_and_passes_a_compliant_change() {
    if !wanted() {
        return;
    }
    let checkout = Path::new(env!("CARGO_MANIFEST_DIR"));
    let work = Path::new(env!("CARGO_TARGET_TMPDIR")).join("precommit");
    std::fs::create_dir_all(&work).unwrap();
    let head = ok(git(checkout).args(["rev-parse", "HEAD"]))
        .trim()
        .to_string();
    let dirty = ok(git(checkout).args(["status", "--porcelain", "--untracked-files=no"]));
    if !dirty.trim().is_empty() {
        eprintln!("note: the hook is built from HEAD {head}; uncommitted changes are not tested");
    }
    let pre_commit = pre_commit(&work);

    // The throwaway repository: a root that calls a child module.
    let repo = tempfile::Builder::new()
        .prefix("repo-")
        .tempdir_in(&work)
        .unwrap();
    let repo = repo.path();
    ok(git(repo).args(["init", "--quiet", "--initial-branch=main"]));
    write(
        repo,
        ".pre-commit-config.yaml",
        &format!(
            "repos:\n  - repo: {}\n    rev: {head}\n    hooks:\n      - id: pe-lint\n",
            checkout.display()
        ),
    );
    write(repo, "infra/main.tf", ROOT_TF);
    write(repo, "infra/terraform.tfvars", "environment = \"dev\"\n");
    write(repo, "infra/modules/keys/main.tf", MODULE_TF);
    ok(git(repo).args(["add", "-A"]));
    ok(git(repo).args(["commit", "--quiet", "-m", "compliant"]));

    let hook = |files: &[&str]| -> (i32, String) {
        let mut c = Command::new(&pre_commit);
        c.current_dir(repo)
            .args(["run", "pe-lint", "--color", "never", "--files"])
            .args(files)
            .env("PRE_COMMIT_HOME", work.join("cache"))
            .env("NO_COLOR", "1")
            // How pre-commit's `cargo install --path .` builds pe-lint: offline, incremental,
            // unoptimised.
            .env("CARGO_NET_OFFLINE", "true")
            .env("CARGO_TARGET_DIR", work.join("cargo-target"))
            .env("CARGO_PROFILE_RELEASE_OPT_LEVEL", "0")
            .env("CARGO_PROFILE_RELEASE_DEBUG", "false")
            .env("CARGO_PROFILE_RELEASE_INCREMENTAL", "true")
            .env_remove("CARGO_BUILD_TARGET_DIR")
            .env_remove("TF_VAR_environment");
        let started = std::time::Instant::now();
        let out = run(&mut c);
        let text = format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        eprintln!(
            "$ pre-commit run pe-lint --files {}   ({:.1} s, exit {:?})\n{text}",
            files.join(" "),
            started.elapsed().as_secs_f64(),
            out.status.code()
        );
        (out.status.code().unwrap_or(-1), text)
    };

    // A compliant change in the child module: checked through the root that calls it (with
    // `rotation = true` and the root's default tags), so it passes.
    let (code, text) = hook(&["infra/modules/keys/main.tf"]);
    assert_eq!(code, 0, "compliant change must pass:\n{text}");
    assert!(text.contains("pe-lint"), "{text}");
    assert!(text.contains("Passed"), "{text}");

    // A violating change: a key without rotation.
    write(repo, "infra/modules/keys/main.tf", MODULE_TF_VIOLATING);
    ok(git(repo).args(["add", "-A"]));
    let (code, text) = hook(&["infra/modules/keys/main.tf"]);
    assert_eq!(code, 1, "violating change must fail:\n{text}");
    assert!(text.contains("Failed"), "{text}");
    assert!(
        text.contains("PE001") && text.contains("kms-key-rotation"),
        "pe-lint's finding must be in the output:\n{text}"
    );
    assert!(text.contains("infra/modules/keys/main.tf"), "{text}");
    assert!(text.contains("aws_kms_key.logs"), "{text}");

    // Fixing it passes again.
    write(repo, "infra/modules/keys/main.tf", MODULE_TF);
    let (code, text) = hook(&["infra/modules/keys/main.tf", "infra/main.tf"]);
    assert_eq!(code, 0, "fixed change must pass:\n{text}");
}

/// The `entry:` and `files:` of the shipped hook, read from `.pre-commit-hooks.yaml`.
fn shipped_hook() -> (String, String) {
    let text = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join(".pre-commit-hooks.yaml"),
    )
    .unwrap();
    let field = |name: &str| {
        text.lines()
            .find_map(|l| l.trim().strip_prefix(&format!("{name}: ")))
            .unwrap_or_else(|| panic!("no {name}: in .pre-commit-hooks.yaml"))
            .to_string()
    };
    (field("entry"), field("files"))
}

fn kms_key(name: &str) -> String {
    format!("resource \"aws_kms_key\" \"{name}\" {{\n  enable_key_rotation = false\n}}\n")
}

/// A repository whose root commits files named like options, each with a failing finding, run
/// through the real pre-commit with a `repo: local` hook that has the shipped hook's entry
/// (`language: system`, this build's pe-lint first on `PATH`). Without `--` in the entry,
/// `-h.tf` printed help and passed the commit, `--write-baseline=zz.tf` suppressed every
/// finding, `--config=policy.tfvars` loaded `fail_on = "never"`, `-o.tf` hid the report in `.tf`.
#[test]
fn hook_checks_files_named_like_options() {
    if !wanted() {
        return;
    }
    let work = Path::new(env!("CARGO_TARGET_TMPDIR")).join("precommit");
    std::fs::create_dir_all(&work).unwrap();
    let pre_commit = pre_commit(&work);
    let repo = tempfile::Builder::new()
        .prefix("names-")
        .tempdir_in(&work)
        .unwrap();
    let repo = repo.path();
    ok(git(repo).args(["init", "--quiet", "--initial-branch=main"]));
    let (entry, files) = shipped_hook();
    assert!(
        entry.ends_with(" --"),
        "the hook's entry must end with `--`: {entry}"
    );
    write(
        repo,
        ".pre-commit-config.yaml",
        &format!(
            "repos:\n  - repo: local\n    hooks:\n      - id: pe-lint\n        name: pe-lint\n        \
             entry: {entry}\n        language: system\n        files: {files}\n        \
             require_serial: true\n"
        ),
    );
    let names = [
        "-h.tf",
        "-V.tf",
        "--write-baseline=zz.tf",
        "-o.tf",
        "main.tf",
    ];
    for (i, name) in names.iter().enumerate() {
        write(repo, name, &kms_key(&format!("k{i}")));
    }
    write(repo, "--config=policy.tfvars", "fail_on = \"never\"\n");
    ok(git(repo).args(["add", "-A"]));
    let bin_dir = Path::new(env!("CARGO_BIN_EXE_pe-lint")).parent().unwrap();
    let path = format!(
        "{}:{}",
        bin_dir.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let out = run(Command::new(&pre_commit)
        .current_dir(repo)
        .args(["run", "pe-lint", "--color", "never", "--all-files"])
        .env("PRE_COMMIT_HOME", work.join("cache"))
        .env("PATH", path)
        .env("NO_COLOR", "1"));
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    eprintln!(
        "$ pre-commit run pe-lint --all-files (exit {:?})\n{text}",
        out.status.code()
    );
    assert_eq!(
        out.status.code(),
        Some(1),
        "the commit must be refused:\n{text}"
    );
    assert!(
        text.contains("Failed") && !text.contains("Usage:"),
        "{text}"
    );
    // Every option-named file was checked as a file: its finding is reported.
    for (i, name) in names.iter().enumerate() {
        assert!(
            text.contains(&format!("aws_kms_key.k{i}")),
            "{name}: {text}"
        );
        assert!(text.contains(name), "{name} not named:\n{text}");
    }
    assert!(
        !repo.join("zz.tf").exists() && !repo.join(".tf").exists(),
        "{text}"
    );
}

/// Commits pre-commit alone would wave through, run through the real pre-commit with the shipped
/// hook's `entry`, `files` and `always_run` (`repo: local`, this build's pe-lint first on `PATH`):
/// a commit that only deletes the file holding a bucket's public access block (pre-commit passes
/// no file for a deletion, so the hook used to be skipped), and a commit that only changes
/// `.pe-lint.hcl` (not a Terraform file name, so skipped too) in a tree with a violation.
#[test]
fn hook_checks_deletions_and_configuration_changes() {
    if !wanted() {
        return;
    }
    let work = Path::new(env!("CARGO_TARGET_TMPDIR")).join("precommit");
    std::fs::create_dir_all(&work).unwrap();
    let pre_commit = pre_commit(&work);
    let repo = tempfile::Builder::new()
        .prefix("staged-")
        .tempdir_in(&work)
        .unwrap();
    let repo = repo.path();
    ok(git(repo).args(["init", "--quiet", "--initial-branch=main"]));
    let text = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join(".pre-commit-hooks.yaml"),
    )
    .unwrap();
    let always_run = text.lines().any(|l| l.trim() == "always_run: true");
    let (entry, files) = shipped_hook();
    write(
        repo,
        ".pre-commit-config.yaml",
        &format!(
            "repos:\n  - repo: local\n    hooks:\n      - id: pe-lint\n        name: pe-lint\n        \
             entry: {entry}\n        language: system\n        files: {files}\n        \
             always_run: {always_run}\n        require_serial: true\n"
        ),
    );
    write(
        repo,
        "infra/main.tf",
        "resource \"aws_s3_bucket\" \"logs\" {\n  bucket = \"logs\"\n}\n",
    );
    write(
        repo,
        "infra/pab.tf",
        "resource \"aws_s3_bucket_public_access_block\" \"logs\" {\n  bucket                  = aws_s3_bucket.logs.id\n  \
         block_public_acls       = true\n  block_public_policy     = true\n  ignore_public_acls      = true\n  \
         restrict_public_buckets = true\n}\n",
    );
    write(repo, "infra/keys/main.tf", &kms_key("old"));
    ok(git(repo).args(["add", "-A"]));
    ok(git(repo).args(["commit", "--quiet", "--no-verify", "-m", "start"]));
    let bin_dir = Path::new(env!("CARGO_BIN_EXE_pe-lint")).parent().unwrap();
    let path = format!(
        "{}:{}",
        bin_dir.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let hook = || {
        let out = run(Command::new(&pre_commit)
            .current_dir(repo)
            .args(["run", "pe-lint", "--color", "never"])
            .env("PRE_COMMIT_HOME", work.join("cache"))
            .env("PATH", &path)
            .env("NO_COLOR", "1"));
        let text = format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        eprintln!(
            "$ pre-commit run pe-lint (exit {:?})\n{text}",
            out.status.code()
        );
        (out.status.code(), text)
    };

    ok(git(repo).args(["rm", "--quiet", "infra/pab.tf"]));
    let (code, text) = hook();
    assert_eq!(
        code,
        Some(1),
        "deleting the public access block must fail:\n{text}"
    );
    assert!(
        text.contains("PE002") && text.contains("aws_s3_bucket.logs"),
        "{text}"
    );
    assert!(
        !text.contains("aws_kms_key.old"),
        "only the module the file left:\n{text}"
    );
    ok(git(repo).args(["reset", "--quiet", "--hard"]));

    write(repo, ".pe-lint.hcl", "# the platform's policy\n");
    ok(git(repo).args(["add", ".pe-lint.hcl"]));
    let (code, text) = hook();
    assert_eq!(
        code,
        Some(1),
        "a configuration change checks the tree it governs:\n{text}"
    );
    assert!(
        text.contains("PE001") && text.contains("aws_kms_key.old"),
        "{text}"
    );
    ok(git(repo).args(["reset", "--quiet", "--hard"]));

    write(repo, "README.md", "notes\n");
    ok(git(repo).args(["add", "README.md"]));
    let (code, text) = hook();
    assert_eq!(
        code,
        Some(0),
        "a commit without Terraform passes at once:\n{text}"
    );
}

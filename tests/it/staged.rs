//! `pe-lint --staged` (the pre-commit hook's entry): the index's changes, deletions included,
//! become the paths to check. The real pre-commit runs it in tests/it/precommit.rs; these tests
//! call pe-lint directly in a throwaway git repository.

use std::path::Path;
use std::process::Command;

use crate::common::pe_lint_in;

fn git(repo: &Path, args: &[&str]) {
    let out = Command::new("git")
        .current_dir(repo)
        .args(args)
        .env("GIT_AUTHOR_NAME", "t")
        .env("GIT_AUTHOR_EMAIL", "t@example.com")
        .env("GIT_COMMITTER_NAME", "t")
        .env("GIT_COMMITTER_EMAIL", "t@example.com")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

fn write(root: &Path, rel: &str, text: &str) {
    let p = root.join(rel);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(p, text).unwrap();
}

const BUCKET: &str = "resource \"aws_s3_bucket\" \"logs\" {\n  bucket = \"logs\"\n}\n";
const PAB: &str = "resource \"aws_s3_bucket_public_access_block\" \"logs\" {\n  bucket = aws_s3_bucket.logs.id\n  \
    block_public_acls = true\n  block_public_policy = true\n  ignore_public_acls = true\n  restrict_public_buckets = true\n}\n";
const KEY: &str = "resource \"aws_kms_key\" \"old\" {\n}\n";

fn repo() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let r = dir.path();
    git(r, &["init", "--quiet", "--initial-branch=main"]);
    write(r, "infra/main.tf", BUCKET);
    write(r, "infra/pab.tf", PAB);
    write(r, "keys/main.tf", KEY);
    git(r, &["add", "-A"]);
    git(r, &["commit", "--quiet", "-m", "start"]);
    dir
}

fn lines_with(text: &str, rule: &str) -> Vec<String> {
    text.lines()
        .filter(|l| l.contains(rule))
        .map(str::to_string)
        .collect()
}

/// Deleting the public access block is the whole commit: the bucket's module is checked and
/// fails PE002; the unrelated module with a violation is not checked.
#[test]
fn a_deleted_file_checks_the_module_it_leaves() {
    let dir = repo();
    git(dir.path(), &["rm", "--quiet", "infra/pab.tf"]);
    let run = pe_lint_in(
        Some(dir.path()),
        &["--staged", "--format", "json", "--"],
        &[],
    );
    assert_eq!(run.code, 1, "{}", run.stderr);
    let json: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let failing: Vec<(String, String)> = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["status"] == "fail")
        .map(|f| {
            (
                f["rule_id"].as_str().unwrap().to_string(),
                f["resource"].as_str().unwrap().to_string(),
            )
        })
        .filter(|(r, _)| r != "PE006")
        .collect();
    assert_eq!(
        failing,
        vec![("PE002".to_string(), "aws_s3_bucket.logs".to_string())]
    );
}

/// A file moved out of a module (a rename is a deletion and an addition): both modules.
#[test]
fn a_moved_file_checks_both_modules() {
    let dir = repo();
    std::fs::create_dir_all(dir.path().join("other")).unwrap();
    git(dir.path(), &["mv", "infra/pab.tf", "other/pab.tf"]);
    let run = pe_lint_in(Some(dir.path()), &["--staged", "--"], &[]);
    assert_eq!(run.code, 1);
    assert!(
        !lines_with(&run.stdout, "aws_s3_bucket.logs").is_empty(),
        "{}",
        run.stdout
    );
}

/// Only `.pe-lint.hcl` changes: the tree it governs is checked (it may have lowered nothing, but
/// the tree is checked under it).
#[test]
fn a_configuration_change_checks_its_tree() {
    let dir = repo();
    write(dir.path(), ".pe-lint.hcl", "# policy\n");
    git(dir.path(), &["add", ".pe-lint.hcl"]);
    let run = pe_lint_in(Some(dir.path()), &["--staged", "--"], &[]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        !lines_with(&run.stdout, "aws_kms_key.old").is_empty(),
        "{}",
        run.stdout
    );
}

/// The file list a hook passes can name `.pe-lint.hcl` too (without `--staged`): its folder.
#[test]
fn a_configuration_file_argument_stands_for_its_folder() {
    let dir = repo();
    write(dir.path(), "keys/.pe-lint.hcl", "# tighter\n");
    let run = pe_lint_in(Some(dir.path()), &["--", "keys/.pe-lint.hcl"], &[]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        !lines_with(&run.stdout, "aws_kms_key.old").is_empty(),
        "{}",
        run.stdout
    );
    assert!(
        lines_with(&run.stdout, "aws_s3_bucket").is_empty(),
        "{}",
        run.stdout
    );
}

/// Nothing staged touches Terraform: exit 0 at once, saying so.
#[test]
fn a_commit_without_terraform_passes_at_once() {
    let dir = repo();
    write(dir.path(), "README.md", "notes\n");
    git(dir.path(), &["add", "README.md"]);
    let run = pe_lint_in(Some(dir.path()), &["--staged", "--"], &[]);
    assert_eq!(run.code, 0);
    assert!(
        run.stderr.contains("the staged changes touch no Terraform"),
        "{}",
        run.stderr
    );
}

/// Staged file names are data: a deleted `-h.tf` or `--config=x.tf` is a path, never an option.
#[test]
fn staged_names_are_never_options() {
    let dir = repo();
    write(dir.path(), "infra/-h.tf", "");
    write(dir.path(), "infra/--fail-on=never.tf", "");
    git(dir.path(), &["add", "-A"]);
    git(dir.path(), &["commit", "--quiet", "-m", "odd names"]);
    git(
        dir.path(),
        &[
            "rm",
            "--quiet",
            "--",
            "infra/-h.tf",
            "infra/--fail-on=never.tf",
            "infra/pab.tf",
        ],
    );
    let run = pe_lint_in(Some(dir.path()), &["--staged", "--"], &[]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(!run.stdout.contains("Usage"), "{}", run.stdout);
}

/// Outside a git work tree `--staged` cannot know the commit: exit 2, never a pass.
#[test]
fn staged_outside_git_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "main.tf", KEY);
    let run = pe_lint_in(
        Some(dir.path()),
        &["--staged", "--"],
        &[(
            "GIT_CEILING_DIRECTORIES",
            dir.path().parent().unwrap().to_str().unwrap(),
        )],
    );
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("--staged"), "{}", run.stderr);
}

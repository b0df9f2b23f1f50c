//! File names that are options (issue 17.1): pre-commit and `xargs` recipes append the changed
//! files' paths to pe-lint's arguments, so a committed `-h.tf` or `--config=x.tfvars` is an
//! option unless `--` comes first. pe-lint refuses what such a name could turn into a pass, and
//! after `--` checks the file of that name.
//!
//! Each run passes `-j 1` itself: the harness appends `--jobs 2` otherwise, which after `--`
//! would be two more paths.

use super::common::*;

/// A git work tree with a failing finding in `main.tf` plus the given files.
fn repo(extra: &[(&str, &[u8])]) -> tempfile::TempDir {
    let mut files: Vec<(&str, &[u8])> = vec![("main.tf", OK_TF), (".git/HEAD", b"ref: x\n")];
    files.extend_from_slice(extra);
    tree(&files)
}

fn run(dir: &tempfile::TempDir, args: &[&str]) -> Run {
    let mut all: Vec<&dyn AsRef<std::ffi::OsStr>> = vec![&"-j", &"1"];
    all.extend(args.iter().map(|a| a as &dyn AsRef<std::ffi::OsStr>));
    pe_lint_in(Some(dir.path()), &all, &[])
}

fn usage_error(r: &Run, says: &str) {
    assert_eq!(r.code, 2, "stdout: {}\nstderr: {}", r.stdout, r.stderr);
    assert!(r.stdout.is_empty(), "{}", r.stdout);
    assert!(r.stderr.contains(says), "{}", r.stderr);
    assert!(r.stderr.contains("put `--` before it") || says.contains("unexpected"));
}

/// A root file `-h.tf` passed without `--` was `-h`: help, exit 0, a failing commit passed.
#[test]
fn dash_h_file_name_is_not_help() {
    let d = repo(&[("-h.tf", OK_TF)]);
    let r = run(&d, &["-h.tf", "main.tf"]);
    usage_error(&r, "unexpected argument");
    let r = run(&d, &["-V.tf", "main.tf"]);
    usage_error(&r, "unexpected argument");
}

/// `-h`, `--help`, `-V` among paths: a usage error, not a success.
#[test]
fn help_and_version_with_paths_are_usage_errors() {
    let d = repo(&[]);
    for flag in ["-h", "--help", "-V", "--version"] {
        let r = run(&d, &[flag, "main.tf"]);
        usage_error(&r, "take no PATH");
    }
    // Alone they still work.
    let r = run(&d, &["--help"]);
    assert_eq!(r.code, 0);
    assert!(r.stdout.contains("Usage: pe-lint"), "{}", r.stdout);
    let r = run(&d, &["-V"]);
    assert_eq!((r.code, r.stdout.trim()), (0, "pe-lint 0.1.0"));
    // The subcommands have no clap help flag either: among paths `-h` is an unknown argument;
    // alone it prints their help.
    for words in [
        ["inspect", "-h", "main.tf"],
        ["inspect", "main.tf", "--help"],
        ["test-rules", "-h", "rules/"],
    ] {
        let args: Vec<&dyn AsRef<std::ffi::OsStr>> = words
            .iter()
            .map(|a| a as &dyn AsRef<std::ffi::OsStr>)
            .collect();
        // (`run` puts `-j 1` first, which would make `inspect` a path.)
        let r = pe_lint_in(Some(d.path()), &args, &[]);
        assert_eq!(r.code, 2, "{words:?}: {}{}", r.stdout, r.stderr);
        assert!(r.stdout.is_empty(), "{}", r.stdout);
        assert!(r.stderr.contains("unexpected argument"), "{}", r.stderr);
    }
    for sub in ["inspect", "test-rules"] {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_pe-lint"))
            .args([sub, "--help"])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0));
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(text.contains(&format!("Usage: pe-lint {sub}")), "{text}");
    }
}

/// After `--`, `-h.tf` is the file of that name: checked, its finding reported.
#[test]
fn after_double_dash_a_dash_name_is_a_file() {
    let d = repo(&[(
        "-h.tf",
        b"resource \"aws_kms_key\" \"h\" {\n  enable_key_rotation = false\n}\n",
    )]);
    let r = run(&d, &["--format", "json", "--", "-h.tf", "main.tf"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    let files: Vec<String> = r.json()["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["file"].as_str().unwrap().to_string())
        .collect();
    assert!(files.iter().any(|f| f == "-h.tf"), "{files:?}");
}

/// `--write-baseline=zz.tf` suppressed every finding and exited 0; a baseline written from a
/// pre-commit style list of files is refused too.
#[test]
fn write_baseline_among_files_is_refused() {
    let d = repo(&[]);
    let r = run(&d, &["--write-baseline=zz.tf", "main.tf"]);
    usage_error(&r, "--write-baseline");
    assert!(!d.path().join("zz.tf").exists());
    let r = run(&d, &["--write-baseline", "b.json", "main.tf"]);
    usage_error(&r, "not the file \"main.tf\"");
    assert!(!d.path().join("b.json").exists());
    // A whole tree is what a baseline records.
    let r = run(&d, &["--write-baseline", "b.json", "."]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(d.path().join("b.json").is_file());
}

/// `--config=policy.tfvars` loaded the author's `fail_on = "never"`: exit 0.
#[test]
fn config_named_like_terraform_is_refused() {
    let d = repo(&[("--config=policy.tfvars", b"fail_on = \"never\"\n")]);
    let r = run(&d, &["--config=policy.tfvars", "main.tf"]);
    usage_error(
        &r,
        "--config \"policy.tfvars\" is named like a Terraform file",
    );
}

/// `-o.tf` sent the whole report into a file named `.tf`.
#[test]
fn output_named_like_terraform_is_refused() {
    let d = repo(&[]);
    let r = run(&d, &["-o.tf", "main.tf"]);
    usage_error(&r, "-o/--output \".tf\"");
    assert!(!d.path().join(".tf").exists());
}

// ---- own attacks -------------------------------------------------------------------------------

/// `--baseline=zz/b.tf.json` (a folder named `--baseline=zz`): a Terraform JSON file that is
/// also a baseline listing every finding would suppress them all.
#[test]
fn baseline_named_like_terraform_is_refused() {
    let d = repo(&[("--baseline=zz/b.tf.json", b"{}")]);
    let r = run(&d, &["--baseline=zz/b.tf.json", "main.tf"]);
    usage_error(&r, "--baseline \"zz/b.tf.json\"");
}

/// `--plan=x.tf`: the author's file read as the plan whose values are checked.
#[test]
fn plan_named_like_terraform_is_refused() {
    let d = repo(&[("--plan=x.tf", OK_TF)]);
    let r = run(&d, &["--plan=x.tf", "main.tf"]);
    usage_error(&r, "--plan \"x.tf\"");
}

/// Option values that are names (`--fail-on=never.tf`, `--format=json.tf`,
/// `--evidence-dir=e.tf`): never a pass.
#[test]
fn other_options_as_file_names_never_pass() {
    let d = repo(&[]);
    for arg in [
        "--fail-on=never.tf",
        "--format=json.tf",
        "--env=prod.tfvars",
    ] {
        let r = run(&d, &[arg, "main.tf"]);
        assert_eq!(r.code, 2, "{arg}: {}", r.stderr);
        assert!(r.stdout.is_empty(), "{arg}: {}", r.stdout);
    }
    let r = run(&d, &["--evidence-dir=e.tf", "main.tf"]);
    usage_error(&r, "--evidence-dir \"e.tf\"");
    assert!(!d.path().join("e.tf").exists());
}

/// A file name with a newline and a GitHub workflow command (`::error::`): clap's error quotes
/// the argument, and a raw newline would start a line the runner executes as a command.
#[test]
fn control_characters_in_a_rejected_argument_are_escaped() {
    let d = repo(&[]);
    for arg in [
        "--x\n::error::forged.tf",
        "--format=x\n::error::forged.tf",
        "-h\u{1b}[2J.tf",
    ] {
        let r = run(&d, &[arg, "main.tf"]);
        assert_eq!(r.code, 2, "{}", r.stderr);
        assert!(!r.stderr.contains('\u{1b}'), "{:?}", r.stderr);
        assert!(
            !r.stderr.lines().any(|l| l.starts_with("::")),
            "{:?}",
            r.stderr
        );
    }
}

/// A path named `-` is a path (there is no reading of standard input): a missing one is an
/// error, never a pass.
#[test]
fn a_path_named_dash_is_a_path() {
    let d = repo(&[]);
    let r = run(&d, &["--format", "json", "--", "-"]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.codes().contains("missing-path"), "{}", r.stdout);
}

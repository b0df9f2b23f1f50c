//! Reads the tree decides about: files named by the configuration, special files, names that
//! are not UTF-8. Every one resolves inside the tree, is a regular file, is read through a cap,
//! and a refusal names the file and quotes none of its content.

use super::common::*;
use std::ffi::OsStr;
use std::os::unix::ffi::OsStrExt;
use std::path::Path;

const FORMATS: [&str; 6] = ["human", "json", "sarif", "markdown", "github", "junit"];
/// A value only the runner's environment holds: it must never reach an output.
const ENV_MARKER: &str = "PE-LINT-ENV-SECRET-4b1d9e";
/// The content of a file beside the tree: it must never reach an output.
const FILE_MARKER: &str = "PE-LINT-FILE-SECRET-77aa30";

fn mkfifo(path: &Path) {
    let ok = std::process::Command::new("mkfifo")
        .arg(path)
        .status()
        .unwrap()
        .success();
    assert!(ok, "mkfifo {}", path.display());
}

fn link(target: impl AsRef<Path>, at: &Path) {
    std::fs::create_dir_all(at.parent().unwrap()).unwrap();
    std::os::unix::fs::symlink(target, at).unwrap();
}

/// `base/secret.hcl` (a marker) beside `base/tree` (a failing KMS key).
fn base_and_tree() -> (tempfile::TempDir, std::path::PathBuf) {
    let base = tempfile::tempdir().unwrap();
    std::fs::write(
        base.path().join("secret.hcl"),
        format!("{FILE_MARKER} root:x:0:0\n"),
    )
    .unwrap();
    let tree = base.path().join("tree");
    std::fs::create_dir_all(&tree).unwrap();
    std::fs::write(tree.join("main.tf"), OK_TF).unwrap();
    (base, tree)
}

/// Run every format on `tree` with the marker in the environment; each must exit 2, name each
/// of `named`, and show neither marker nor a line of `/etc/passwd`.
fn every_format_refuses(tree: &Path, named: &[&str]) {
    let passwd_first = std::fs::read_to_string("/etc/passwd")
        .ok()
        .and_then(|t| t.lines().next().map(str::to_string))
        .filter(|l| !l.is_empty());
    for format in FORMATS {
        let r = pe_lint(
            &[&tree, &"--format", &format],
            &[("PE_LINT_SECRET_MARKER", ENV_MARKER)],
        );
        assert_eq!(r.code, 2, "{format}: {}\n{}", r.stdout, r.stderr);
        for name in named {
            assert!(
                r.stdout.contains(name),
                "{format}: {name} not named:\n{}",
                r.stdout
            );
        }
        for text in [&r.stdout, &r.stderr] {
            assert!(
                !text.contains(ENV_MARKER),
                "{format} leaks the environment:\n{text}"
            );
            assert!(!text.contains("PE_LINT_SECRET_MARKER"), "{format}:\n{text}");
            assert!(
                !text.contains(FILE_MARKER),
                "{format} leaks the file:\n{text}"
            );
            assert!(!text.contains("root:"), "{format} shows root::\n{text}");
            if let Some(l) = &passwd_first {
                assert!(!text.contains(l.as_str()), "{format} leaks /etc/passwd");
            }
        }
    }
}

/// Item 1: `rules_dirs` entries that are absolute or climb out of the tree (to the runner's
/// environment, `/etc/passwd`, a secret beside the tree) are refused, named, quoted nowhere.
#[test]
fn rules_dirs_out_of_the_tree_are_refused_and_quote_nothing() {
    let (_base, tree) = base_and_tree();
    std::fs::write(
        tree.join(".pe-lint.hcl"),
        "rules_dirs = [\"/proc/self/environ\", \"../../../../etc/passwd\", \"../secret.hcl\"]\n",
    )
    .unwrap();
    every_format_refuses(&tree, &["/proc/self/environ", "/etc/passwd", "secret.hcl"]);
    let r = pe_lint(&[&tree, &"--format", &"json"], &[]);
    assert!(r.codes().contains("rules-dir"), "{:?}", r.codes());
    // The rest of the tree is still checked.
    assert!(r.resources().contains("aws_kms_key.ok"), "{}", r.stdout);
}

/// Item 1: a committed link `policies/org.hcl -> /proc/self/environ` inside an in-tree
/// `rules_dirs` entry is refused; so is the entry itself being a link out of the tree.
#[test]
fn a_rule_file_linked_out_of_the_tree_is_refused() {
    let (base, tree) = base_and_tree();
    link("/proc/self/environ", &tree.join("policies/org.hcl"));
    link(
        base.path().join("secret.hcl"),
        &tree.join("policies/near.hcl"),
    );
    link(base.path(), &tree.join("escape"));
    std::fs::write(
        tree.join(".pe-lint.hcl"),
        "rules_dirs = [\"policies\", \"escape\"]\n",
    )
    .unwrap();
    every_format_refuses(&tree, &["policies/org.hcl", "policies/near.hcl", "escape"]);
}

/// Item 2: `.terraform/modules/modules.json` linked to `/proc/self/pagemap` (size 0, endless)
/// must not be read whole: exit 2, the manifest named, memory bounded (common checks it).
#[test]
fn a_module_manifest_linked_to_pagemap_is_refused() {
    let (_base, tree) = base_and_tree();
    link(
        "/proc/self/pagemap",
        &tree.join(".terraform/modules/modules.json"),
    );
    let r = expect_error(&tree, &["outside-tree"]);
    assert!(r.stdout.contains("modules.json"), "{}", r.stdout);
    assert!(r.resources().contains("aws_kms_key.ok"));
}

/// Item 3: a FIFO named like a source or a tfvars file is reported, never waited on, and the
/// rest of the tree is checked.
#[test]
fn fifos_named_like_terraform_files_are_reported() {
    let (_base, tree) = base_and_tree();
    mkfifo(&tree.join("fifo.tf"));
    mkfifo(&tree.join("terraform.tfvars"));
    let r = expect_error(&tree, &["not-a-file"]);
    for name in ["fifo.tf", "terraform.tfvars"] {
        assert!(r.stdout.contains(name), "{name}: {}", r.stdout);
    }
    assert!(r.resources().contains("aws_kms_key.ok"));
}

/// Issue 17 item 2: `kms\377.tf` (a name git stores as bytes, Terraform reads) holding a
/// failing key: the run must not pass without it. It exits 2 naming the file escaped.
#[test]
fn a_file_name_that_is_not_utf8_is_not_skipped() {
    let (_base, tree) = base_and_tree();
    std::fs::write(tree.join("main.tf"), b"locals {\n  a = 1\n}\n").unwrap();
    let name = OsStr::from_bytes(b"kms\xff.tf");
    std::fs::write(tree.join(name), OK_TF).unwrap();
    let r = check(&tree);
    let found = r.resources().contains("aws_kms_key.ok");
    assert!(found || r.code == 2, "exit {}: {}", r.code, r.stdout);
    assert_eq!(r.code, 2, "{}", r.stdout);
    let messages: Vec<String> = r.json()["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| format!("{} {}", d["message"], d["file"]))
        .collect();
    assert!(
        messages.iter().any(|m| m.contains(r"kms\\xff.tf")),
        "{messages:?}"
    );
    let human = pe_lint(&[&tree], &[]);
    assert_eq!(human.code, 2);
    assert!(human.stdout.contains(r"kms\xff.tf"), "{}", human.stdout);
    assert!(!human.stdout.contains('\u{fffd}'), "{}", human.stdout);
}

// ---- attacks of our own ----------------------------------------------------------------------

/// Bypass of issue 17: the bytes are in a directory's name, not the file's.
#[test]
fn a_directory_name_that_is_not_utf8_is_not_skipped() {
    let (_base, tree) = base_and_tree();
    let dir = tree.join(OsStr::from_bytes(b"mod\xfe"));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("main.tf"), OK_TF).unwrap();
    let r = check(&tree);
    assert_eq!(r.code, 2, "{}", r.stdout);
    assert!(r.stdout.contains(r"mod\\xfe"), "{}", r.stdout);
}

/// Bypass of item 3: the configuration file itself is a FIFO. Ignoring it would run with the
/// defaults instead of the repository's policy; it is reported, not waited on.
#[test]
fn a_configuration_file_that_is_a_fifo_is_reported() {
    let (_base, tree) = base_and_tree();
    mkfifo(&tree.join(".pe-lint.hcl"));
    let r = expect_error(&tree, &["not-a-file"]);
    assert!(r.stdout.contains(".pe-lint.hcl"), "{}", r.stdout);
}

/// A rule file that cannot be read silently lowers the policy: a FIFO `y.hcl`, a directory
/// `x.hcl` and a link to `/dev/zero` in an in-tree rules directory are each reported.
#[test]
fn rule_files_that_are_not_regular_files_are_reported() {
    let (_base, tree) = base_and_tree();
    std::fs::create_dir_all(tree.join("policies/x.hcl")).unwrap();
    mkfifo(&tree.join("policies/y.hcl"));
    link("/dev/zero", &tree.join("policies/z.hcl"));
    std::fs::write(tree.join(".pe-lint.hcl"), "rules_dirs = [\"policies\"]\n").unwrap();
    let r = pe_lint(&[&tree, &"--format", &"json"], &[]);
    assert_eq!(r.code, 2, "{}", r.stdout);
    for name in ["policies/x.hcl", "policies/y.hcl", "policies/z.hcl"] {
        assert!(r.stdout.contains(name), "{name}: {}", r.stdout);
    }
    // A command-line rules directory is trusted as a place, not its files' kind.
    let r = pe_lint(
        &[
            &tree,
            &"--format",
            &"json",
            &"--rules",
            &tree.join("policies"),
        ],
        &[],
    );
    assert_eq!(r.code, 2, "{}", r.stdout);
    assert!(r.stdout.contains("policies/y.hcl"), "{}", r.stdout);
}

/// `file()` and `templatefile()` of a FIFO and of a link to `/dev/urandom` in the tree: never
/// waited on, never read, the call named.
#[test]
fn file_functions_on_special_files_do_not_block() {
    let (_base, tree) = base_and_tree();
    mkfifo(&tree.join("t.tpl"));
    link("/dev/urandom", &tree.join("random.txt"));
    std::fs::write(tree.join("rand"), b"").unwrap();
    std::fs::write(
        tree.join("use.tf"),
        "locals {\n  a = templatefile(\"${path.module}/t.tpl\", {})\n  b = file(\"${path.module}/random.txt\")\n}\noutput \"o\" {\n  value = \"${local.a}${local.b}\"\n}\n",
    )
    .unwrap();
    let r = check(&tree);
    assert!(r.stdout.contains("t.tpl"), "{}", r.stdout);
    assert!(r.stdout.contains("random.txt"), "{}", r.stdout);
    assert!(r.resources().contains("aws_kms_key.ok"));
}

/// An installed-module manifest whose `Dir` leads through a committed link out of the tree:
/// nothing there is read, and the module that could not be loaded is reported, not skipped.
#[test]
fn an_installed_module_dir_linked_out_of_the_tree_is_refused() {
    let (base, tree) = base_and_tree();
    let outside = base.path().join("vpc");
    std::fs::create_dir_all(&outside).unwrap();
    std::fs::write(
        outside.join("main.tf"),
        format!("resource \"aws_kms_key\" \"leak\" {{\n  description = \"{FILE_MARKER}\"\n}}\n"),
    )
    .unwrap();
    link(&outside, &tree.join(".terraform/modules/vpc"));
    std::fs::write(
        tree.join(".terraform/modules/modules.json"),
        r#"{"Modules":[{"Key":"","Source":"","Dir":"."},{"Key":"vpc","Source":"registry.terraform.io/x/vpc/aws","Dir":".terraform/modules/vpc"}]}"#,
    )
    .unwrap();
    std::fs::write(
        tree.join("vpc.tf"),
        "module \"vpc\" {\n  source = \"x/vpc/aws\"\n}\n",
    )
    .unwrap();
    let r = check(&tree);
    assert_eq!(r.code, 2, "{}", r.stdout);
    assert!(!r.stdout.contains(FILE_MARKER), "{}", r.stdout);
    assert!(
        !r.resources().iter().any(|x| x.contains("leak")),
        "{}",
        r.stdout
    );
}

/// A `.git` file whose `gitdir:` leads out of the tree (to a directory holding a HEAD that
/// names a commit): the Markdown report shows no commit read from there.
#[test]
fn a_git_file_pointing_out_of_the_tree_is_not_followed() {
    let (base, tree) = base_and_tree();
    let hash = "feedfacefeedfacefeedfacefeedfacefeedface";
    let fake = base.path().join("fakegit");
    std::fs::create_dir_all(&fake).unwrap();
    std::fs::write(fake.join("HEAD"), format!("{hash}\n")).unwrap();
    std::fs::write(tree.join(".git"), format!("gitdir: {}\n", fake.display())).unwrap();
    let r = pe_lint(&[&tree, &"--format", &"markdown"], &[]);
    assert!(!r.stdout.contains(hash), "{}", r.stdout);
    // A `.git/HEAD` inside the tree that links out is not followed either.
    std::fs::remove_file(tree.join(".git")).unwrap();
    link(fake.join("HEAD"), &tree.join(".git/HEAD"));
    let r = pe_lint(&[&tree, &"--format", &"markdown"], &[]);
    assert!(!r.stdout.contains(hash), "{}", r.stdout);
}

/// A manifest that is a FIFO, and one that is not JSON: reported (remote modules would go
/// unchecked otherwise), never waited on.
#[test]
fn a_module_manifest_that_is_a_fifo_or_garbage_is_reported() {
    let (_base, tree) = base_and_tree();
    std::fs::create_dir_all(tree.join(".terraform/modules")).unwrap();
    mkfifo(&tree.join(".terraform/modules/modules.json"));
    let r = expect_error(&tree, &["not-a-file"]);
    assert!(r.stdout.contains("modules.json"), "{}", r.stdout);
    std::fs::remove_file(tree.join(".terraform/modules/modules.json")).unwrap();
    std::fs::write(
        tree.join(".terraform/modules/modules.json"),
        format!("{FILE_MARKER} not json"),
    )
    .unwrap();
    let r = expect_error(&tree, &["module-manifest"]);
    assert!(!r.stdout.contains(FILE_MARKER), "{}", r.stdout);
}

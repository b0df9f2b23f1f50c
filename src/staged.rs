//! `--staged`: what a commit changes, deletions included, as paths to check (the pre-commit hook).
//!
//! pre-commit passes only the staged files that still exist, so a commit that deletes
//! `s3_pab.tf` (the public access block) and nothing else would never run the hook, and one that
//! deletes it beside other changes would not check the module it was deleted from. With
//! `--staged` pe-lint asks git for the staged changes itself: a deleted Terraform file stands for
//! the module it leaves (one of the module's remaining files, so a child module is still checked
//! through its callers), and a changed `.pe-lint.hcl` for the tree it governs.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::diag::Diagnostic;
use crate::parse::FileKind;

/// The configuration file's name: a change to it re-checks the folder it governs.
pub const CONFIG_NAME: &str = ".pe-lint.hcl";

/// The paths to check: `given` (the hook's file names) plus, when `staged`, what git's index
/// changes. An empty result means the commit touches no Terraform.
pub fn paths(given: &[PathBuf], staged: bool) -> Result<Vec<PathBuf>, Diagnostic> {
    let mut out: Vec<PathBuf> = given.iter().map(|p| for_config(p)).collect();
    if staged {
        for changed in staged_changes()? {
            if let Some(p) = to_check(&changed) {
                out.push(p);
            }
        }
    }
    out.sort();
    out.dedup();
    Ok(out)
}

/// A configuration file stands for its folder; any other path for itself.
fn for_config(path: &Path) -> PathBuf {
    if path.file_name().is_some_and(|n| n == CONFIG_NAME) {
        match path.parent() {
            Some(dir) if !dir.as_os_str().is_empty() => dir.to_path_buf(),
            _ => PathBuf::from("."),
        }
    } else {
        path.to_path_buf()
    }
}

/// What a staged path asks to check: itself when it exists, the module it was deleted from when
/// it was a Terraform file, nothing for anything else.
fn to_check(changed: &Path) -> Option<PathBuf> {
    let name = changed.file_name()?;
    if name == CONFIG_NAME {
        return Some(for_config(changed));
    }
    FileKind::of(changed)?;
    if changed.symlink_metadata().is_ok() {
        return Some(changed.to_path_buf());
    }
    let dir = match changed.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    remaining_config_file(dir)
}

/// The first (by name) `.tf`/`.tf.json` file left in `dir`, if the module still exists.
fn remaining_config_file(dir: &Path) -> Option<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .ok()?
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.is_file() && FileKind::of(p).is_some_and(FileKind::is_config))
        .collect();
    files.sort();
    files.into_iter().next()
}

/// The index's changes against HEAD, relative to the working directory (NUL-separated, so any
/// file name survives). Renames are split into a deletion and an addition, so the module a file
/// left is checked too.
fn staged_changes() -> Result<Vec<PathBuf>, Diagnostic> {
    let out = Command::new("git")
        // No repository setting runs a program for this read-only query.
        .args([
            "-c",
            "core.fsmonitor=false",
            "diff",
            "--cached",
            "--name-only",
        ])
        .args([
            "-z",
            "--no-renames",
            "--no-ext-diff",
            "--relative",
            "--diff-filter=ACDMRT",
        ])
        .output()
        .map_err(|e| {
            Diagnostic::error("staged", format!("--staged: cannot run git: {e}")).with_help(
                "--staged reads the commit's changes from git; run it in a git work tree",
            )
        })?;
    if !out.status.success() {
        return Err(Diagnostic::error(
            "staged",
            "--staged: git cannot list the staged changes (not a git work tree?)",
        )
        .with_help("--staged is for pre-commit hooks; give paths instead"));
    }
    Ok(out
        .stdout
        .split(|b| *b == 0)
        .filter(|p| !p.is_empty())
        .map(|p| {
            use std::os::unix::ffi::OsStrExt;
            PathBuf::from(std::ffi::OsStr::from_bytes(p))
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_configuration_file_stands_for_its_folder() {
        assert_eq!(for_config(Path::new(".pe-lint.hcl")), PathBuf::from("."));
        assert_eq!(
            for_config(Path::new("live/.pe-lint.hcl")),
            PathBuf::from("live")
        );
        assert_eq!(
            for_config(Path::new("live/main.tf")),
            PathBuf::from("live/main.tf")
        );
    }

    #[test]
    fn a_deleted_file_stands_for_a_remaining_file_of_its_module() {
        let dir = tempfile::tempdir().unwrap();
        let m = dir.path().join("m");
        std::fs::create_dir(&m).unwrap();
        std::fs::write(m.join("b.tf"), "").unwrap();
        std::fs::write(m.join("a.tf.json"), "{}").unwrap();
        std::fs::write(m.join("README.md"), "").unwrap();
        assert_eq!(to_check(&m.join("gone.tf")), Some(m.join("a.tf.json")));
        assert_eq!(to_check(&m.join("gone.txt")), None);
        assert_eq!(to_check(&dir.path().join("empty/gone.tf")), None);
        assert_eq!(to_check(&m.join("b.tf")), Some(m.join("b.tf")));
    }
}

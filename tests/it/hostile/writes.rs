//! Outputs named on the command line (`-o`, `--evidence-dir`, `--write-baseline`, `inspect -o`)
//! against a tree that commits links where those outputs go (issues 16.4, 17.7).

use super::common::*;
use std::os::unix::fs::symlink;
use std::path::Path;

/// A git work tree holding a failing finding, and a folder beside it standing for the rest of
/// the runner's disk, with a file that must survive.
fn setup() -> (tempfile::TempDir, std::path::PathBuf, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let (repo, outside) = (dir.path().join("repo"), dir.path().join("outside"));
    std::fs::create_dir_all(repo.join(".git")).unwrap();
    std::fs::create_dir_all(&outside).unwrap();
    std::fs::write(repo.join("main.tf"), OK_TF).unwrap();
    std::fs::write(outside.join("victim"), "keep").unwrap();
    (dir, repo, outside)
}

fn untouched(outside: &Path) {
    assert_eq!(
        std::fs::read_to_string(outside.join("victim")).unwrap(),
        "keep"
    );
    let names: Vec<_> = std::fs::read_dir(outside)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names, ["victim"], "something was written outside the tree");
}

fn is_regular(p: &Path) -> bool {
    std::fs::symlink_metadata(p).is_ok_and(|m| m.file_type().is_file())
}

/// 16.4: `-o report.txt` where the tree commits `report.txt` as a link to a file outside: the
/// link is replaced by the report, its target keeps its content.
#[test]
fn output_that_is_a_committed_link_is_replaced() {
    let (_d, repo, outside) = setup();
    symlink(outside.join("victim"), repo.join("report.txt")).unwrap();
    let r = pe_lint_in(Some(&repo), &[&".", &"-o", &"report.txt"], &[]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    untouched(&outside);
    assert!(is_regular(&repo.join("report.txt")));
    let report = std::fs::read_to_string(repo.join("report.txt")).unwrap();
    assert!(report.contains("PE001"), "{report}");
}

/// 16.4: `--evidence-dir docs/evidence/compliance` where `docs/evidence` is a committed link
/// to a folder outside: refused, exit 2, naming the folder; nothing written outside.
#[test]
fn evidence_dir_through_a_committed_folder_link_is_refused() {
    let (_d, repo, outside) = setup();
    std::fs::create_dir_all(repo.join("docs")).unwrap();
    symlink(&outside, repo.join("docs/evidence")).unwrap();
    let r = pe_lint_in(
        Some(&repo),
        &[&".", &"--evidence-dir", &"docs/evidence/compliance"],
        &[],
    );
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(
        r.stderr.contains("docs/evidence/compliance") && r.stderr.contains("symbolic link"),
        "{}",
        r.stderr
    );
    untouched(&outside);
}

/// 16.4, the same through an existing folder: `-o docs/reports/r.txt` where `docs` links out
/// and `reports` exists there.
#[test]
fn output_folder_through_a_middle_link_is_refused() {
    let (_d, repo, outside) = setup();
    std::fs::create_dir_all(outside.join("reports")).unwrap();
    symlink(&outside, repo.join("docs")).unwrap();
    let r = pe_lint_in(Some(&repo), &[&".", &"-o", &"docs/reports/r.txt"], &[]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("docs/reports"), "{}", r.stderr);
    assert!(!outside.join("reports/r.txt").exists());
    std::fs::remove_dir(outside.join("reports")).unwrap();
    untouched(&outside);
}

/// 16.4: `--write-baseline docs/b.json` where `docs` links out: the baseline is not written
/// there; the run fails (exit 2) instead of passing with every finding suppressed.
#[test]
fn baseline_written_through_a_folder_link_is_refused() {
    let (_d, repo, outside) = setup();
    symlink(&outside, repo.join("docs")).unwrap();
    let r = pe_lint_in(
        Some(&repo),
        &[
            &".",
            &"--write-baseline",
            &"docs/b.json",
            &"--format",
            &"json",
        ],
        &[],
    );
    assert_eq!(r.code, 2, "{}", r.stdout);
    assert!(r.codes().contains("baseline-error"), "{}", r.stdout);
    untouched(&outside);
}

/// A link to a folder inside the tree is not a way out: evidence goes there.
#[test]
fn evidence_dir_linked_inside_the_tree_is_allowed() {
    let (_d, repo, outside) = setup();
    std::fs::create_dir_all(repo.join("evidence-real")).unwrap();
    symlink("evidence-real", repo.join("evidence")).unwrap();
    let r = pe_lint_in(
        Some(&repo),
        &[&".", &"--evidence-dir", &"evidence/compliance"],
        &[],
    );
    assert_eq!(r.code, 1, "{}", r.stderr);
    for name in ["report.json", "report.sarif", "report.md"] {
        assert!(is_regular(
            &repo.join("evidence-real/compliance").join(name)
        ));
    }
    untouched(&outside);
}

/// 17.7: the old temporary name `.report.json.<pid>.tmp` was guessable and opened without
/// `O_EXCL`: a committed link with that name wrote outside. Links are planted for the next
/// thousands of process ids; none is followed, the evidence is written, the links are left.
#[test]
fn guessable_temporary_names_are_never_followed() {
    let (_d, repo, outside) = setup();
    let ev = repo.join("ev");
    std::fs::create_dir_all(&ev).unwrap();
    let mut next = std::process::Command::new("true").spawn().unwrap();
    let base = next.id();
    next.wait().unwrap();
    for pid in base..base + 3000 {
        for name in ["report.json", "report.sarif", "report.md"] {
            symlink(
                outside.join("victim"),
                ev.join(format!(".{name}.{pid}.tmp")),
            )
            .unwrap();
        }
    }
    let r = pe_lint_in(Some(&repo), &[&".", &"--evidence-dir", &"ev"], &[]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    untouched(&outside);
    assert!(is_regular(&ev.join("report.json")));
    assert_eq!(std::fs::read_dir(&ev).unwrap().count(), 3 * 3000 + 3);
}

// ---- own attacks -------------------------------------------------------------------------------

/// `-o report.txt` committed as a dangling link to a path outside: writing through it would
/// create a file there. The link is replaced.
#[test]
fn output_that_is_a_dangling_link_is_replaced() {
    let (_d, repo, outside) = setup();
    symlink(outside.join("new-file"), repo.join("report.txt")).unwrap();
    let r = pe_lint_in(Some(&repo), &[&".", &"-o", &"report.txt"], &[]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    untouched(&outside);
    assert!(is_regular(&repo.join("report.txt")));
}

/// `--evidence-dir ev` is a real folder, but `ev/report.sarif` is a committed link to a file
/// outside: the link is replaced, the file outside keeps its content.
#[test]
fn evidence_file_that_is_a_committed_link_is_replaced() {
    let (_d, repo, outside) = setup();
    std::fs::create_dir_all(repo.join("ev")).unwrap();
    symlink(outside.join("victim"), repo.join("ev/report.sarif")).unwrap();
    let r = pe_lint_in(Some(&repo), &[&".", &"--evidence-dir", &"ev"], &[]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    untouched(&outside);
    assert!(is_regular(&repo.join("ev/report.sarif")));
}

/// `-o docs/../report.txt` with `docs` a link out: the kernel would resolve `..` from the
/// link's target (outside); pe-lint writes where the path reads, in the working directory.
#[test]
fn dot_dot_after_a_link_stays_where_the_path_reads() {
    let (_d, repo, outside) = setup();
    symlink(&outside, repo.join("docs")).unwrap();
    let r = pe_lint_in(Some(&repo), &[&".", &"-o", &"docs/../report.txt"], &[]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(is_regular(&repo.join("report.txt")));
    assert!(!outside.parent().unwrap().join("report.txt").exists());
    untouched(&outside);
}

/// The runner's working directory is outside the checkout and the evidence folder is given as
/// an absolute path into it: the scanned tree (the git work tree) is a boundary too.
#[test]
fn absolute_evidence_dir_into_the_tree_from_elsewhere_is_checked() {
    let (d, repo, outside) = setup();
    symlink(&outside, repo.join("docs")).unwrap();
    let evidence = repo.join("docs/compliance");
    let r = pe_lint_in(Some(d.path()), &[&repo, &"--evidence-dir", &evidence], &[]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    untouched(&outside);
}

/// `-o` naming an existing folder (or a link the tree committed to one) never replaces it.
#[test]
fn output_that_is_a_folder_is_refused() {
    let (_d, repo, _outside) = setup();
    std::fs::create_dir_all(repo.join("out/keep")).unwrap();
    let r = pe_lint_in(Some(&repo), &[&".", &"-o", &"out"], &[]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("out: it is a folder"), "{}", r.stderr);
    assert!(repo.join("out/keep").is_dir());
}

/// `inspect -o model.json` where `model.json` is a committed link out: replaced too.
#[test]
fn inspect_output_link_is_replaced() {
    let (_d, repo, outside) = setup();
    symlink(outside.join("victim"), repo.join("model.json")).unwrap();
    let r = pe_lint_in(Some(&repo), &[&"inspect", &".", &"-o", &"model.json"], &[]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    untouched(&outside);
    assert!(is_regular(&repo.join("model.json")));
}

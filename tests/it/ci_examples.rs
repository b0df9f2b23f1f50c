//! The CI examples in docs/examples/ and docs/ci.md: their pe-lint command lines are the ones in
//! docs/examples/commands.txt, and each one, run verbatim on a copy of the example
//! infrastructure, produces what the CI system ingests.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::common::{pe_lint, repo};

fn read(rel: &str) -> String {
    std::fs::read_to_string(repo().join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

/// `NAME: COMMAND` lines of docs/examples/commands.txt.
fn commands() -> BTreeMap<String, String> {
    read("docs/examples/commands.txt")
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|l| {
            let (name, cmd) = l.split_once(':').expect("NAME: COMMAND");
            (name.trim().to_string(), cmd.trim().to_string())
        })
        .collect()
}

/// The pe-lint command lines of a file: lines (or list items) that start with `pe-lint `.
fn pe_lint_lines(text: &str) -> Vec<String> {
    text.lines()
        .map(|l| l.trim().trim_start_matches("- ").trim())
        .filter(|l| l.starts_with("pe-lint "))
        .map(|l| l.split(" || ").next().unwrap().trim().to_string())
        .collect()
}

/// The lines inside the fenced code blocks of a Markdown text.
fn fenced(md: &str) -> String {
    let mut inside = false;
    let mut out = String::new();
    for l in md.lines() {
        if l.trim_start().starts_with("```") {
            inside = !inside;
        } else if inside {
            out.push_str(l);
            out.push('\n');
        }
    }
    out
}

const EXAMPLES: [(&str, &str); 3] = [
    ("github", "docs/examples/github/pe-lint.yml"),
    ("gitlab", "docs/examples/gitlab/.gitlab-ci.yml"),
    ("shell", "docs/examples/shell/pe-lint-gate.sh"),
];

#[test]
fn examples_use_the_command_lines_of_commands_txt() {
    let cmds = commands();
    for (name, file) in EXAMPLES {
        let want = cmds
            .get(name)
            .unwrap_or_else(|| panic!("{name} in commands.txt"));
        let got = pe_lint_lines(&read(file));
        assert_eq!(got, vec![want.clone()], "{file}");
    }
    // docs/ci.md shows only command lines from commands.txt.
    let known: Vec<&String> = cmds.values().collect();
    let shown = pe_lint_lines(&fenced(&read("docs/ci.md")));
    assert_eq!(shown.len(), 3, "{shown:?}");
    for l in shown {
        assert!(
            known.contains(&&l),
            "docs/ci.md shows an untested command: {l}"
        );
    }
    // The workflow uploads the SARIF the command writes and keeps the evidence directory.
    let wf = read("docs/examples/github/pe-lint.yml");
    assert!(wf.contains("github/codeql-action/upload-sarif"));
    assert!(wf.contains("sarif_file: docs/evidence/compliance/report.sarif"));
    assert!(wf.contains("path: docs/evidence/compliance/"));
    let gl = read("docs/examples/gitlab/.gitlab-ci.yml");
    assert!(gl.contains("junit: pe-lint-junit.xml"));
    let sh = repo().join("docs/examples/shell/pe-lint-gate.sh");
    let st = std::process::Command::new("bash")
        .arg("-n")
        .arg(&sh)
        .status()
        .unwrap();
    assert!(st.success());
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&sh).unwrap().permissions().mode();
        assert!(mode & 0o111 != 0, "pe-lint-gate.sh must be executable");
    }
}

fn copy_dir(from: &Path, to: &Path) {
    for e in walkdir::WalkDir::new(from) {
        let e = e.unwrap();
        let rel = e.path().strip_prefix(from).unwrap();
        let dest = to.join(rel);
        if e.file_type().is_dir() {
            std::fs::create_dir_all(&dest).unwrap();
        } else {
            std::fs::copy(e.path(), &dest).unwrap();
        }
    }
}

/// A scratch repository: `infrastructure/` is a copy of the example infrastructure.
fn scratch() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(
        &repo().join("testdata/photo-editor/infrastructure"),
        &dir.path().join("infrastructure"),
    );
    dir
}

/// Run a command line from commands.txt verbatim (it has no quoting) in `cwd`.
fn run(cmd: &str, cwd: &Path) -> (i32, String) {
    let mut words = cmd.split_whitespace();
    assert_eq!(words.next(), Some("pe-lint"));
    let out = pe_lint()
        .args(words)
        .current_dir(cwd)
        .env("SOURCE_DATE_EPOCH", "1700000000")
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
    )
}

fn json_file(p: &PathBuf) -> serde_json::Value {
    let text = std::fs::read_to_string(p).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}\n{text}", p.display()))
}

/// The evidence directory: report.json, report.sarif, report.md, each complete.
fn check_evidence(dir: &Path) {
    let ev = dir.join("docs/evidence/compliance");
    let report = json_file(&ev.join("report.json"));
    assert_eq!(report["summary"]["fail"], 8, "{:#}", report["summary"]);
    let sarif = json_file(&ev.join("report.sarif"));
    assert_eq!(sarif["version"], "2.1.0");
    let results = sarif["runs"][0]["results"].as_array().unwrap();
    assert_eq!(
        results.iter().filter(|r| r["level"] == "error").count(),
        8,
        "{results:#?}"
    );
    assert!(sarif["runs"][0]["tool"]["driver"]["rules"]
        .as_array()
        .is_some_and(|r| r.len() == 8));
    let md = std::fs::read_to_string(ev.join("report.md")).unwrap();
    for id in [
        "PE001", "PE002", "PE003", "PE004", "PE005", "PE006", "PE007", "PE008",
    ] {
        assert!(md.contains(id), "report.md lacks {id}");
    }
    assert!(md.contains("FAIL"), "{md}");
    // Written atomically: no temporary files left behind.
    let names: Vec<String> = std::fs::read_dir(&ev)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names.len(), 3, "{names:?}");
}

#[test]
fn github_workflow_command_annotates_and_writes_the_evidence() {
    let cmd = &commands()["github"];
    let dir = scratch();
    let (code, out) = run(cmd, dir.path());
    assert_eq!(code, 1, "{out}");
    let errors: Vec<&str> = out.lines().filter(|l| l.starts_with("::error ")).collect();
    assert_eq!(errors.len(), 8, "{out}");
    for e in &errors {
        assert!(
            e.starts_with("::error file=infrastructure/")
                && e.contains(",line=")
                && e.contains("title=PE00"),
            "{e}"
        );
    }
    assert!(
        out.lines().all(|l| l.starts_with("::")),
        "only workflow commands on stdout:\n{out}"
    );
    check_evidence(dir.path());
}

#[test]
fn gitlab_command_writes_a_junit_report_and_the_evidence() {
    let cmd = &commands()["gitlab"];
    let dir = scratch();
    let (code, out) = run(cmd, dir.path());
    assert_eq!(code, 1, "{out}");
    let xml = std::fs::read_to_string(dir.path().join("pe-lint-junit.xml")).unwrap();
    assert!(xml.starts_with("<?xml"), "{xml}");
    assert!(xml.contains("<testsuite"), "{xml}");
    assert_eq!(xml.matches("<failure").count(), 8, "{xml}");
    assert!(
        xml.matches("<testcase").count() > 8,
        "passes are test cases too"
    );
    check_evidence(dir.path());
}

#[test]
fn shell_gate_command_prints_findings_and_writes_the_evidence() {
    let cmd = &commands()["shell"];
    let dir = scratch();
    let (code, out) = run(cmd, dir.path());
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("PE001 kms-key-rotation"), "{out}");
    assert!(out.contains("pe-lint: 8 failing"), "{out}");
    check_evidence(dir.path());
}

/// What already works without issue 6: the commands run, exit 1 on the example, and the
/// evidence directory gets its three files.
#[test]
fn example_commands_run_and_exit_1_on_the_example() {
    for name in ["github", "gitlab", "shell"] {
        let dir = scratch();
        let (code, out) = run(&commands()[name], dir.path());
        assert_eq!(code, 1, "{name}: {out}");
        let ev = dir.path().join("docs/evidence/compliance");
        for f in ["report.json", "report.sarif", "report.md"] {
            assert!(ev.join(f).is_file(), "{name}: no {f}");
        }
        let report = json_file(&ev.join("report.json"));
        assert_eq!(report["summary"]["fail"], 8, "{name}");
    }
}

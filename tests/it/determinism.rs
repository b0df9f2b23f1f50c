//! Determinism (issue 9): the same input gives byte-identical reports in every machine-readable
//! format whatever the number of threads, run after run; and the real-world corpus in
//! `../shared/corpus/real/` runs without an internal error, with the same output at `--jobs 1`
//! and `--jobs 2`.
//!
//! Two rounds of every thread count by default; `PE_LINT_DETERMINISM_ROUNDS=20` (as `.ci/extra`
//! sets it) for the long run.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::common::{repo, shared};

fn pe_lint() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_pe-lint"));
    c.current_dir(repo())
        .env("NO_COLOR", "1")
        .env("SOURCE_DATE_EPOCH", "1700000000")
        .env_remove("PE_LINT_TIMINGS")
        .env_remove("PE_LINT_INJECT_PANIC");
    for (k, _) in std::env::vars() {
        if k.starts_with("TF_VAR_") {
            c.env_remove(k);
        }
    }
    c
}

/// Several roots, modules, findings of every rule, and diagnostics from many files.
const INPUT: &[&str] = &[
    "testdata/photo-editor/infrastructure",
    "testdata/rules",
    "testdata/cli",
    "testdata/hostile/module-cycle",
    "testdata/hostile/self-reference",
    "testdata/hostile/file-escape",
    "testdata/hostile/latin1",
    "testdata/hostile/truncated-json",
    "testdata/hostile/range-huge",
    "testdata/hostile/reference-chain",
    "testdata/hostile/count-huge",
];

/// Every machine-readable output of one run at `jobs` threads: (name, bytes).
fn outputs(jobs: &str, evidence: &Path) -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    let _ = std::fs::remove_dir_all(evidence);
    let a = pe_lint()
        .args(INPUT)
        .args(["--jobs", jobs, "--format", "github", "--evidence-dir"])
        .arg(evidence)
        .output()
        .unwrap();
    assert_eq!(
        a.status.code(),
        Some(2),
        "{}",
        String::from_utf8_lossy(&a.stderr)
    );
    out.push(("github".to_string(), a.stdout));
    let mut files: Vec<PathBuf> = std::fs::read_dir(evidence)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .collect();
    files.sort();
    assert!(files.len() >= 3, "{files:?}");
    for f in files {
        let name = f.file_name().unwrap().to_string_lossy().into_owned();
        out.push((name, std::fs::read(&f).unwrap()));
    }
    // JSON, SARIF and Markdown come from the evidence directory, GitHub from the first run's
    // stdout, JUnit from a second run.
    let r = pe_lint()
        .args(INPUT)
        .args(["--jobs", jobs, "--format", "junit"])
        .output()
        .unwrap();
    assert_eq!(r.status.code(), Some(2), "junit");
    out.push(("junit".to_string(), r.stdout));
    out
}

#[test]
fn reports_are_identical_at_any_thread_count_run_after_run() {
    let tmp = tempfile::tempdir().unwrap();
    let evidence = tmp.path().join("evidence");
    let reference = outputs("1", &evidence);
    let json = reference.iter().find(|(n, _)| n == "report.json").unwrap();
    let json = String::from_utf8_lossy(&json.1).into_owned();
    // The input really exercises the parallel paths: many roots, findings and diagnostics.
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert!(
        v["scan"]["roots"].as_array().unwrap().len() > 20,
        "{}",
        v["scan"]
    );
    assert!(v["findings"].as_array().unwrap().len() > 20);
    assert!(v["diagnostics"].as_array().unwrap().len() > 5);
    let rounds: usize = std::env::var("PE_LINT_DETERMINISM_ROUNDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(2);
    for run in 0..rounds {
        for jobs in ["1", "2", "8"] {
            let got = outputs(jobs, &evidence);
            assert_eq!(got.len(), reference.len());
            for ((name, a), (_, b)) in reference.iter().zip(&got) {
                assert!(
                    a == b,
                    "{name} differs at --jobs {jobs}, run {run}:\n{}\n---\n{}",
                    String::from_utf8_lossy(a),
                    String::from_utf8_lossy(b)
                );
            }
        }
    }
}

#[test]
fn real_corpus_runs_without_internal_errors_and_identically_at_1_and_2_jobs() {
    let Some(corpus) = shared("corpus/real") else {
        return;
    };
    let run = |jobs: &str| {
        let out = pe_lint()
            .arg(&corpus)
            .args(["--format", "json", "--jobs", jobs])
            .output()
            .unwrap();
        assert!(
            matches!(out.status.code(), Some(0..=2)),
            "{:?}: {}",
            out.status,
            String::from_utf8_lossy(&out.stderr)
        );
        out.stdout
    };
    let one = run("1");
    let two = run("2");
    assert!(
        one == two,
        "the corpus report differs between --jobs 1 and --jobs 2"
    );
    let v: serde_json::Value = serde_json::from_slice(&one).unwrap();
    assert!(v["scan"]["roots"].as_array().unwrap().len() > 100);
    for d in v["diagnostics"].as_array().unwrap() {
        let code = d["code"].as_str().unwrap();
        // Real configurations never hit a safety limit or a bug.
        assert!(
            !matches!(
                code,
                "internal-error"
                    | "eval-budget"
                    | "eval-depth"
                    | "value-too-deep"
                    | "nesting-too-deep"
                    | "file-too-large"
                    | "total-size"
                    | "too-many-instances"
                    | "outside-tree"
            ),
            "{d:#}"
        );
    }
}

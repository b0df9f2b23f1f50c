//! Helpers shared by the test modules: running the built pe-lint, reading its JSON report,
//! writing scratch trees, and finding the shared folder beside the checkout.
//!
//! `hostile` keeps its own runner (`hostile::common`): it measures the child's CPU time and
//! peak memory, which these helpers do not.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;

/// The checkout: test data paths are relative to it (and `cargo test` runs the tests there).
pub(crate) fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Whether this is a CI run, where a test that cannot run must fail rather than pass by
/// skipping.
pub(crate) fn on_ci() -> bool {
    is_ci(std::env::var("CI").ok().as_deref())
}

fn is_ci(value: Option<&str>) -> bool {
    matches!(value, Some("true" | "1"))
}

/// `rel` inside `../shared` (the data beside the checkout, see ../shared/corpus/README.md).
/// `None`, said on stderr, when it is absent; on CI its absence fails the test instead, so a
/// missing folder cannot turn a CI run green.
pub(crate) fn shared(rel: &str) -> Option<PathBuf> {
    shared_in(&repo().join("../shared"), rel, on_ci())
}

fn shared_in(base: &Path, rel: &str, ci: bool) -> Option<PathBuf> {
    let p = base.join(rel);
    if p.exists() {
        return Some(p);
    }
    assert!(!ci, "{} is absent: this test needs it on CI", p.display());
    eprintln!("skipped: {} is absent", p.display());
    None
}

#[test]
fn ci_is_true_or_1() {
    assert!(is_ci(Some("true")));
    assert!(is_ci(Some("1")));
    assert!(!is_ci(Some("false")));
    assert!(!is_ci(Some("")));
    assert!(!is_ci(None));
}

#[test]
fn shared_data_is_found_or_skipped_off_ci() {
    let base = write_tree(&[("corpus/real/main.tf", "")]);
    assert_eq!(
        shared_in(base.path(), "corpus/real", true),
        Some(base.path().join("corpus/real"))
    );
    assert_eq!(shared_in(base.path(), "peer-suites", false), None);
}

#[test]
#[should_panic(expected = "peer-suites is absent: this test needs it on CI")]
fn missing_shared_data_fails_on_ci() {
    let base = write_tree(&[("corpus/real/main.tf", "")]);
    shared_in(base.path(), "peer-suites", true);
}

/// The built pe-lint, without colour, and without a `TF_VAR_environment` or `TF_WORKSPACE`
/// from the caller's environment deciding the environment or workspace of a test.
pub(crate) fn pe_lint() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_pe-lint"));
    c.env("NO_COLOR", "1")
        .env_remove("TF_VAR_environment")
        .env_remove("TF_WORKSPACE");
    c
}

/// What a finished pe-lint run gave: its exit code (-1 when a signal ended it) and output.
pub(crate) struct Run {
    pub(crate) code: i32,
    pub(crate) stdout: String,
    pub(crate) stderr: String,
}

/// Run [`pe_lint`] with `args` in `dir` (else the test's directory), `SOURCE_DATE_EPOCH=0` and
/// the extra `env`. The hostile suite's `pe_lint_in` adds CPU and memory bounds on top.
pub(crate) fn pe_lint_in(dir: Option<&Path>, args: &[&str], env: &[(&str, &str)]) -> Run {
    let mut cmd = pe_lint();
    if let Some(d) = dir {
        cmd.current_dir(d);
    }
    cmd.args(args).env("SOURCE_DATE_EPOCH", "0");
    for (k, v) in env {
        cmd.env(k, v);
    }
    let out = cmd.output().unwrap();
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// Run `cmd` with `args` and `--format json`: the parsed report and the exit code (-1 when a
/// signal ended it).
pub(crate) fn json_run(cmd: &mut Command, args: &[&str]) -> (Value, i32) {
    let out = cmd.args(args).args(["--format", "json"]).output().unwrap();
    let v: Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "bad JSON ({e}): {}\n{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    });
    (v, out.status.code().unwrap_or(-1))
}

/// Run `cmd` and check that it exits with `code`.
pub(crate) fn assert_exit(cmd: &mut Command, code: i32) {
    let out = cmd.output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(code),
        "{cmd:?}\nstdout:\n{}\nstderr:\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Run `cmd` to completion, killing it and failing the test when it takes longer than `limit`.
pub(crate) fn output_within(cmd: &mut Command, limit: Duration) -> Output {
    let mut child = cmd
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Drained while the child runs: a full pipe would stall it.
    let drain = |mut r: Box<dyn Read + Send>| {
        std::thread::spawn(move || {
            let mut buf = Vec::new();
            r.read_to_end(&mut buf).unwrap();
            buf
        })
    };
    let stdout = drain(Box::new(child.stdout.take().unwrap()));
    let stderr = drain(Box::new(child.stderr.take().unwrap()));
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if started.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            panic!("{cmd:?} did not finish within {limit:?}");
        }
        std::thread::sleep(Duration::from_millis(10));
    };
    Output {
        status,
        stdout: stdout.join().unwrap(),
        stderr: stderr.join().unwrap(),
    }
}

/// A temporary directory holding `files` (path relative to it, text).
pub(crate) fn write_tree(files: &[(&str, &str)]) -> tempfile::TempDir {
    tree_of(files.iter().map(|(name, text)| (*name, text.as_bytes())))
}

/// [`write_tree`] for contents that are not text.
pub(crate) fn write_byte_tree(files: &[(&str, Vec<u8>)]) -> tempfile::TempDir {
    tree_of(files.iter().map(|(name, bytes)| (*name, bytes.as_slice())))
}

/// [`write_tree`] with a `.git` marker, which makes the directory the boundary of file access.
pub(crate) fn git_tree(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = write_tree(files);
    std::fs::create_dir_all(dir.path().join(".git")).unwrap();
    dir
}

fn tree_of<'a>(files: impl Iterator<Item = (&'a str, &'a [u8])>) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (name, content) in files {
        let p = dir.path().join(name);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, content).unwrap();
    }
    dir
}

/// Three string fields of every element of the report's `list` (`findings`, `diagnostics`).
pub(crate) fn fields3(v: &Value, list: &str, keys: [&str; 3]) -> Vec<(String, String, String)> {
    let s = |e: &Value, k: &str| e[k].as_str().unwrap().to_string();
    v[list]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| (s(e, keys[0]), s(e, keys[1]), s(e, keys[2])))
        .collect()
}

/// A small deterministic generator (xorshift64) for the property and fuzz-style tests: the
/// same seed gives the same inputs on every machine.
pub struct Rng(pub u64);

impl Rng {
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// The findings of a JSON report whose fields equal `matching` (`[("rule_id", "PE005"),
/// ("status", "fail")]`; none: every finding), in report order. A report without a findings
/// list fails the test, printed whole.
pub(crate) fn findings_where<'a>(report: &'a Value, matching: &[(&str, &str)]) -> Vec<&'a Value> {
    report["findings"]
        .as_array()
        .unwrap_or_else(|| panic!("no findings list in the report: {report:#}"))
        .iter()
        .filter(|f| matching.iter().all(|(k, want)| f[*k] == *want))
        .collect()
}

/// The diagnostics of a JSON report with code `code`, in report order. A report without a
/// diagnostics list fails the test, printed whole.
pub(crate) fn diagnostics_coded<'a>(report: &'a Value, code: &str) -> Vec<&'a Value> {
    report["diagnostics"]
        .as_array()
        .unwrap_or_else(|| panic!("no diagnostics list in the report: {report:#}"))
        .iter()
        .filter(|d| d["code"] == code)
        .collect()
}

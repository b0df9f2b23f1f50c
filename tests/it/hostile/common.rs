//! Running pe-lint on a hostile tree and checking what must hold for every input.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Tests run the debug binary: the slowest case needs about 6.3 s of CPU there, and a bound with
/// 5x headroom does not flake on a busy runner. A release build takes about a fifth of that.
pub(crate) const CPU_LIMIT: Duration = Duration::from_secs(35);
pub(crate) const WALL_LIMIT: Duration = Duration::from_secs(120);
pub(crate) const RSS_LIMIT_KB: i64 = 2 * 1024 * 1024;

#[repr(C)]
#[derive(Default)]
pub(crate) struct Rusage {
    utime: [i64; 2],
    stime: [i64; 2],
    maxrss: i64,
    rest: [i64; 13],
}

extern "C" {
    fn wait4(pid: i32, status: *mut i32, options: i32, rusage: *mut Rusage) -> i32;
}

pub(crate) struct Run {
    pub(crate) code: i32,
    pub(crate) stdout: String,
    pub(crate) stderr: String,
    pub(crate) cpu: Duration,
    pub(crate) max_rss_kb: i64,
}

impl Run {
    pub(crate) fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.stdout).unwrap_or_else(|e| {
            panic!(
                "stdout is not JSON ({e}): {}\nstderr: {}",
                &self.stdout[..self.stdout.len().min(2000)],
                self.stderr
            )
        })
    }
    pub(crate) fn codes(&self) -> BTreeSet<String> {
        self.json()["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| d["code"].as_str().unwrap().to_string())
            .collect()
    }
    pub(crate) fn resources(&self) -> BTreeSet<String> {
        self.json()["findings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["resource"].as_str().unwrap().to_string())
            .collect()
    }
}

/// Run pe-lint with `args`, measuring its CPU time and peak memory, and check what must hold
/// for every input: an exit code of 0, 1 or 2, no panic, the time and memory bounds.
pub(crate) fn pe_lint(args: &[&dyn AsRef<std::ffi::OsStr>], env: &[(&str, &str)]) -> Run {
    pe_lint_in(None, args, env)
}

/// [`pe_lint`] with the working directory set to `cwd` (as CI and pre-commit run it).
pub(crate) fn pe_lint_in(
    cwd: Option<&Path>,
    args: &[&dyn AsRef<std::ffi::OsStr>],
    env: &[(&str, &str)],
) -> Run {
    let out_dir = tempfile::tempdir().unwrap();
    let out = out_dir.path().join("stdout");
    let err = out_dir.path().join("stderr");
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_pe-lint"));
    if let Some(dir) = cwd {
        cmd.current_dir(dir);
    }
    cmd.args(args.iter().map(|a| a.as_ref().to_os_string()));
    if !args.iter().any(|a| a.as_ref() == "-j") {
        cmd.args(["--jobs", "2"]);
    }
    cmd.env("NO_COLOR", "1")
        .env("PE_LINT_TIMINGS", "1")
        .env("SOURCE_DATE_EPOCH", "0")
        .env_remove("PE_LINT_INJECT_PANIC")
        .env_remove("TF_WORKSPACE")
        .stdin(Stdio::null())
        .stdout(std::fs::File::create(&out).unwrap())
        .stderr(std::fs::File::create(&err).unwrap());
    for (k, v) in env {
        cmd.env(k, v);
    }
    // Reaped by wait4 below (which also gives its resource usage), not by Child::wait.
    #[allow(clippy::zombie_processes)]
    let mut child = cmd.spawn().unwrap();
    let pid = child.id() as i32;
    let started = Instant::now();
    let (status, usage) = loop {
        let mut status = 0;
        let mut usage = Rusage::default();
        // SAFETY: plain syscall on our own child; both pointers are to live locals.
        let r = unsafe {
            wait4(pid, &mut status, 1 /* WNOHANG */, &mut usage)
        };
        if r == pid {
            break (status, usage);
        }
        assert!(r >= 0, "wait4 failed");
        if started.elapsed() > WALL_LIMIT {
            let _ = child.kill();
            let _ = child.wait();
            panic!(
                "pe-lint {:?} did not finish within {WALL_LIMIT:?}",
                cmd.get_args()
            );
        }
        std::thread::sleep(Duration::from_millis(10));
    };
    let code = if status & 0x7f == 0 {
        (status >> 8) & 0xff
    } else {
        -(status & 0x7f)
    };
    let stderr = String::from_utf8_lossy(&std::fs::read(&err).unwrap()).into_owned();
    // The child's own report of its peak (VmHWM): wait4's figure also counts the test process
    // it was forked from. Fall back to wait4's when the child did not get to print it.
    let reported: Option<i64> = stderr
        .lines()
        .filter_map(|l| l.strip_prefix("pe-lint timing: peak memory "))
        .filter_map(|l| l.trim_end_matches(" kB").parse().ok())
        .next_back();
    let tv = |t: [i64; 2]| Duration::from_secs(t[0] as u64) + Duration::from_micros(t[1] as u64);
    let run = Run {
        code,
        stdout: String::from_utf8_lossy(&std::fs::read(&out).unwrap()).into_owned(),
        stderr,
        cpu: tv(usage.utime) + tv(usage.stime),
        max_rss_kb: reported.unwrap_or(usage.maxrss),
    };
    let what = format!("{:?}", cmd.get_args().collect::<Vec<_>>());
    assert!(
        (0..=2).contains(&run.code),
        "{what}: exit {} (a signal is negative)\nstderr: {}",
        run.code,
        run.stderr
    );
    let injected = env.iter().any(|(k, _)| *k == "PE_LINT_INJECT_PANIC");
    assert!(
        (injected || !run.stderr.contains("panicked")) && !run.stderr.contains("overflow"),
        "{what}: {}",
        run.stderr
    );
    assert!(
        run.cpu < CPU_LIMIT,
        "{what}: took {:?} of CPU time",
        run.cpu
    );
    assert!(
        run.max_rss_kb < RSS_LIMIT_KB,
        "{what}: peak memory {} MB",
        run.max_rss_kb / 1024
    );
    eprintln!(
        "{what}: exit {}, {:.2}s CPU, {} MB peak",
        run.code,
        run.cpu.as_secs_f64(),
        run.max_rss_kb / 1024
    );
    run
}

/// `pe-lint DIR --format json`, checking the common properties; returns the run.
pub(crate) fn check(dir: &Path) -> Run {
    let r = pe_lint(&[&dir, &"--format", &"json"], &[]);
    let v = r.json();
    for d in v["diagnostics"].as_array().unwrap() {
        assert_ne!(d["code"], "internal-error", "{d:#}");
        assert!(!d["message"].as_str().unwrap().is_empty());
    }
    r
}

/// Expect exit 2 with each of `codes` among the diagnostics, each error with a file.
pub(crate) fn expect_error(dir: &Path, codes: &[&str]) -> Run {
    let r = check(dir);
    assert_eq!(r.code, 2, "{}", r.stdout);
    let got = r.codes();
    for c in codes {
        assert!(got.contains(*c), "expected {c} in {got:?}");
    }
    for d in r.json()["diagnostics"].as_array().unwrap() {
        // Every error names its file, except the run-wide ones (budget, total size), which
        // name the root modules or files they cut in their message.
        if d["severity"] == "error"
            && !matches!(d["code"].as_str(), Some("eval-budget" | "total-size"))
        {
            assert!(d["file"].is_string(), "an error without a location: {d:#}");
        }
    }
    r
}

pub(crate) fn hostile(case: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("testdata/hostile")
        .join(case)
}

pub(crate) fn tree(files: &[(&str, &[u8])]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (name, content) in files {
        let p = dir.path().join(name);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, content).unwrap();
    }
    dir
}

pub(crate) const OK_TF: &[u8] =
    b"resource \"aws_kms_key\" \"ok\" {\n  enable_key_rotation = false\n}\n";

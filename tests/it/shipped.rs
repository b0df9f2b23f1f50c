//! What the repository tells its users about itself is true: the minimum Rust version in
//! Cargo.toml is the one the locked dependencies need, and no documented suppression has
//! already expired when someone copies it.

use std::collections::BTreeSet;
use std::process::{Command, Stdio};

use serde_json::Value;

use crate::common::repo;

fn version(v: &str) -> Vec<u64> {
    v.split('.').map(|p| p.parse().unwrap_or(0)).collect()
}

/// The highest `rust-version` among the packages pe-lint's binary is built from: `cargo tree`'s
/// normal dependencies for this platform (`cargo metadata`'s resolve also lists packages that are
/// never compiled, such as optional features unified for other targets).
fn dependencies_minimum() -> (Vec<u64>, String) {
    let cargo = |args: &[&str]| {
        // stdin closed: cargo asks rustc about the target with the source on rustc's stdin
        // (`rustc -`), and an inherited stdin (the harness's, under CI) would feed it. No rustc
        // info cache: cargo keeps a failed probe in target/.rustc_info.json and replays it.
        // Without the outer run's jobserver flags: the nested cargo runs on its own.
        let out = Command::new(env!("CARGO"))
            .args(args)
            .stdin(Stdio::null())
            .env("CARGO_CACHE_RUSTC_INFO", "0")
            .env_remove("CARGO_MAKEFLAGS")
            .env_remove("MAKEFLAGS")
            .env_remove("MFLAGS")
            .current_dir(repo())
            .output()
            .expect("run cargo");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    let tree = cargo(&[
        "tree",
        "--locked",
        "--offline",
        "-e",
        "normal",
        "--prefix",
        "none",
        "-f",
        "{p}",
    ]);
    let built: BTreeSet<(String, String)> = tree
        .lines()
        .filter_map(|l| {
            let mut words = l.split_whitespace();
            let name = words.next()?.to_string();
            let version = words.next()?.trim_start_matches('v').to_string();
            Some((name, version))
        })
        .collect();
    // Filtered to this platform: unfiltered metadata needs the manifests of every target's
    // packages (anstyle-wincon for Windows), which an offline machine that only built for
    // this platform does not have; `built` holds this platform's packages anyway.
    let host = cargo(&["-vV"]);
    let host = host
        .lines()
        .find_map(|l| l.strip_prefix("host: "))
        .expect("cargo -vV names the host")
        .to_string();
    let meta: Value = serde_json::from_str(&cargo(&[
        "metadata",
        "--format-version",
        "1",
        "--locked",
        "--offline",
        "--filter-platform",
        &host,
    ]))
    .unwrap();
    meta["packages"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| p["name"] != "pe-lint")
        .filter(|p| {
            let key = (
                p["name"].as_str().unwrap().to_string(),
                p["version"].as_str().unwrap().to_string(),
            );
            built.contains(&key)
        })
        .filter_map(|p| {
            let v = p["rust_version"].as_str()?;
            Some((version(v), p["name"].as_str().unwrap().to_string()))
        })
        .max()
        .expect("some dependency declares rust-version")
}

/// Runs in the parallel `cargo test`: the rustc probe failures it once met there came from a
/// `/dev/null` that pe-lint had replaced with a regular file (fixed in ba6360d).
#[test]
fn rust_version_is_what_the_locked_dependencies_need() {
    let manifest = std::fs::read_to_string(repo().join("Cargo.toml")).unwrap();
    let declared = manifest
        .lines()
        .find_map(|l| l.strip_prefix("rust-version = "))
        .expect("Cargo.toml declares rust-version")
        .trim_matches('"');
    let (needed, by) = dependencies_minimum();
    let mut declared_v = version(declared);
    declared_v.resize(needed.len().max(declared_v.len()), 0);
    let mut needed_padded = needed.clone();
    needed_padded.resize(declared_v.len(), 0);
    assert_eq!(
        declared_v, needed_padded,
        "Cargo.toml says rust-version {declared}, the locked dependencies need {needed:?} ({by})"
    );
    let getting_started = std::fs::read_to_string(repo().join("docs/getting-started.md")).unwrap();
    assert!(
        getting_started.contains(&format!("Rust ({declared} or newer)")),
        "docs/getting-started.md must state the minimum Rust version {declared}"
    );
}

/// `until=YYYY-MM-DD` in a documented suppression: a reader copies it, and a date already past
/// (or about to pass) turns the example into an expired suppression that fails their build. This
/// test fails ahead of time (90 days), so the docs get a new date before a reader meets it.
/// Dates shown on purpose as expired are written without `until=`.
#[test]
fn documented_suppressions_have_not_expired() {
    let today = days(&today());
    let mut stale = Vec::new();
    for doc in documents() {
        let text = std::fs::read_to_string(&doc).unwrap();
        for (n, line) in text.lines().enumerate() {
            for part in line.split("until=").skip(1) {
                let date: String = part.trim_start_matches('"').chars().take(10).collect();
                let is_date = date.len() == 10
                    && date
                        .char_indices()
                        .all(|(i, c)| matches!(i, 4 | 7) == (c == '-'))
                    && date.chars().filter(char::is_ascii_digit).count() == 8;
                if is_date && days(&date) < today + 90 {
                    stale.push(format!("{}:{}: until={date}", doc.display(), n + 1));
                }
            }
        }
    }
    assert!(
        stale.is_empty(),
        "documented suppressions expire within 90 days:\n{}",
        stale.join("\n")
    );
}

fn documents() -> Vec<std::path::PathBuf> {
    let mut docs = vec![repo().join("README.md")];
    for dir in ["docs", "docs/rules", "rules"] {
        for entry in std::fs::read_dir(repo().join(dir)).unwrap().flatten() {
            let p = entry.path();
            if p.extension().is_some_and(|e| e == "md") {
                docs.push(p);
            }
        }
    }
    docs.sort();
    docs
}

fn today() -> String {
    let out = Command::new("date")
        .arg("-u")
        .arg("+%Y-%m-%d")
        .output()
        .unwrap();
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}

/// Days since 0000-03-01 (a proleptic Gregorian day number; only differences matter).
fn days(date: &str) -> i64 {
    let parts: Vec<i64> = date.split('-').map(|p| p.parse().unwrap_or(0)).collect();
    let [y, m, d] = parts[..] else {
        panic!("not a date: {date}")
    };
    let (y, m) = if m <= 2 { (y - 1, m + 9) } else { (y, m - 3) };
    365 * y + y / 4 - y / 100 + y / 400 + (153 * m + 2) / 5 + d - 1
}

#[test]
fn day_numbers_count_days() {
    assert_eq!(days("2026-03-01") - days("2026-02-28"), 1);
    assert_eq!(days("2024-03-01") - days("2024-02-28"), 2);
    assert_eq!(days("2027-01-01") - days("2026-01-01"), 365);
}

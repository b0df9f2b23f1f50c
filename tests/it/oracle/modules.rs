//! Real public modules as the oracle (issue 19, "Method"): the roots in
//! `testdata/oracle/roots-aws5/` and the offline-plannable examples of the module releases in
//! `../shared/corpus/modules-aws5/`, each a `testdata/oracle/aws5-*` case whose `case.json` has
//! `"tree": "aws5"`.
//!
//! pe-lint reads nothing outside the folder it scans, and the modules are referenced in place,
//! never copied into the repository. So the test assembles, per case, the same temporary tree
//! `scripts/oracle` planned: `roots-aws5/<root>/` from the repository and every module folder the
//! root reaches (the case's `copy` list) from the shared corpus, with the layout of
//! `../shared/corpus`, and scans it.
//!
//! Held to: identical instance addresses, 0 wrong values and at least 99 % of the plan-known
//! configured attributes resolved, per case. What differs today is listed in
//! `testdata/oracle/aws5-known.txt` with the reason (and in `MODULES.md` with a minimal
//! reproduction): the test prints and counts those, and fails on any difference that is not
//! listed and on any listed one that has disappeared, so the list can only shrink.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use serde_json::Value as J;

use super::{compare_case, Case, Tally, UNRESOLVED};
use crate::common;

const KNOWN: &str = "testdata/oracle/aws5-known.txt";
const TARGET_PCT: f64 = 99.0;

/// One aws5 case as committed: where its tree comes from, and its plan.
struct Aws5Case {
    name: String,
    root: String,
    copy: Vec<String>,
    args: Vec<String>,
    plan: J,
}

fn aws5_cases() -> Vec<Aws5Case> {
    let mut out = Vec::new();
    let Ok(entries) = std::fs::read_dir("testdata/oracle") else {
        return out;
    };
    let mut dirs: Vec<PathBuf> = entries.flatten().map(|e| e.path()).collect();
    dirs.sort();
    for d in dirs {
        let Ok(text) = std::fs::read_to_string(d.join("case.json")) else {
            continue;
        };
        let case: J = serde_json::from_str(&text).expect("case.json");
        if case["tree"] != "aws5" {
            continue;
        }
        // A case whose plan is missing keeps `plan` null: the test reports it.
        let plan = std::fs::read_to_string(d.join("plan.json"))
            .map(|t| serde_json::from_str(&t).expect("plan.json"))
            .unwrap_or(J::Null);
        let strings = |k: &str| -> Vec<String> {
            case[k]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(|s| s.as_str().map(str::to_string))
                .collect()
        };
        out.push(Aws5Case {
            name: d.file_name().unwrap().to_string_lossy().into_owned(),
            root: case["root"].as_str().expect("root").to_string(),
            copy: strings("copy"),
            args: strings("args"),
            plan,
        });
    }
    out
}

/// The module release a case exercises: the first `modules-aws5/<release>` it copies.
fn release(c: &Aws5Case) -> String {
    c.copy
        .iter()
        .find_map(|p| p.strip_prefix("modules-aws5/"))
        .and_then(|p| p.split('/').next())
        .unwrap_or("?")
        .to_string()
}

/// Copy one folder of the tree as `scripts/oracle` does: its own files, and its subfolders
/// (not dot-folders) that hold no `.tf` file at any depth (templates, policies).
fn copy_folder(src: &Path, dst: &Path) {
    std::fs::create_dir_all(dst).unwrap();
    let mut entries: Vec<_> = std::fs::read_dir(src)
        .unwrap_or_else(|e| panic!("{}: {e}", src.display()))
        .flatten()
        .collect();
    entries.sort_by_key(|e| e.file_name());
    for e in entries {
        let ty = e.file_type().unwrap();
        let name = e.file_name();
        if ty.is_file() {
            std::fs::copy(e.path(), dst.join(&name)).unwrap();
        } else if ty.is_dir() && !name.to_string_lossy().starts_with('.') && !holds_tf(&e.path()) {
            copy_all(&e.path(), &dst.join(&name));
        }
    }
}

fn holds_tf(dir: &Path) -> bool {
    std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .any(|e| {
            let ty = e.file_type().unwrap();
            (ty.is_file() && e.file_name().to_string_lossy().ends_with(".tf"))
                || (ty.is_dir() && holds_tf(&e.path()))
        })
}

fn copy_all(src: &Path, dst: &Path) {
    std::fs::create_dir_all(dst).unwrap();
    for e in std::fs::read_dir(src).unwrap().flatten() {
        let ty = e.file_type().unwrap();
        if ty.is_dir() {
            copy_all(&e.path(), &dst.join(e.file_name()));
        } else if ty.is_file() {
            std::fs::copy(e.path(), dst.join(e.file_name())).unwrap();
        }
    }
}

/// The case's tree in a temporary folder: `corpus` is `../shared/corpus`.
fn assemble(c: &Aws5Case, corpus: &Path) -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    for rel in &c.copy {
        let src = if rel.starts_with("roots-aws5/") {
            Path::new("testdata/oracle").join(rel)
        } else {
            corpus.join(rel)
        };
        copy_folder(&src, &tmp.path().join(rel));
    }
    tmp
}

/// A difference between pe-lint and the plan, as listed in the known-differences file:
/// `case | kind | address | attribute`. Values are left out on purpose: a wrong value that
/// changes to another wrong value is the same difference.
type Diff = (String, String, String, String);

/// The case's differences, each with what was seen (printed when it is not listed).
fn diffs_of(
    case: &str,
    r: &super::CaseResult,
    tmp: &Path,
    below_target: bool,
) -> Vec<(Diff, String)> {
    let d = |kind: &str, addr: &str, attr: &str, seen: String| {
        let key = (
            case.to_string(),
            kind.to_string(),
            addr.to_string(),
            attr.to_string(),
        );
        (key, seen)
    };
    let mut out = Vec::new();
    out.extend(
        r.missing
            .iter()
            .map(|a| d("missing", a, "-", format!("{a}: in the plan only"))),
    );
    out.extend(
        r.extra
            .iter()
            .map(|a| d("extra", a, "-", format!("{a}: in pe-lint only"))),
    );
    for p in r.problems.iter().filter(|p| !p.contains(UNRESOLVED)) {
        // "<address>: <attribute path>: <why>"
        let mut parts = p.splitn(3, ": ");
        let addr = parts.next().unwrap_or("");
        let attr = parts.next().unwrap_or("");
        out.push(d("wrong", addr, attr, p.clone()));
    }
    // Diagnostics name files in the temporary tree: keep them relative to it.
    let prefix = format!("{}/", tmp.display());
    for e in &r.errors {
        let e = e.replace(&prefix, "").replace('|', "/");
        out.push(d("error", "-", &e, e.clone()));
    }
    if below_target {
        let pct = format!("{:.2}% resolved", r.tally.resolved_pct());
        out.push(d("below-99%", "-", "-", pct));
    }
    out
}

/// The known differences: `case | kind | address | attribute | reason`, `#` comments.
fn parse_known(text: &str) -> Result<BTreeMap<Diff, String>, String> {
    let mut out = BTreeMap::new();
    for (n, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let f: Vec<&str> = line.splitn(5, " | ").map(str::trim).collect();
        if f.len() != 5 || f[4].is_empty() {
            return Err(format!(
                "{KNOWN}:{}: want `case | kind | address | attribute | reason`",
                n + 1
            ));
        }
        let key = (f[0].into(), f[1].into(), f[2].into(), f[3].into());
        if out.insert(key, f[4].to_string()).is_some() {
            return Err(format!("{KNOWN}:{}: listed twice", n + 1));
        }
    }
    Ok(out)
}

/// Differences found but not listed, and listed but no longer found.
fn reconcile<'a>(
    found: &'a BTreeSet<Diff>,
    known: &'a BTreeMap<Diff, String>,
) -> (Vec<&'a Diff>, Vec<&'a Diff>) {
    let new = found.iter().filter(|d| !known.contains_key(*d)).collect();
    let gone = known.keys().filter(|d| !found.contains(*d)).collect();
    (new, gone)
}

#[derive(Default)]
struct ModuleRow {
    roots: usize,
    tally: Tally,
}

fn row(name: &str, roots: Option<usize>, t: &Tally, w: usize) -> String {
    format!(
        "{:<w$} {:>5} {:>9} {:>8} {:>6} {:>5} {:>10} {:>8} {:>8} {:>10} {:>7} {:>7.2}%\n",
        name,
        roots.map_or(String::new(), |r| r.to_string()),
        t.instances,
        t.compared,
        t.equal,
        t.wrong,
        t.unresolved,
        t.from_aws,
        t.provider_form,
        t.unexpanded,
        t.plan_unknown,
        t.resolved_pct()
    )
}

fn header(first: &str, w: usize) -> String {
    format!(
        "{:<w$} {:>5} {:>9} {:>8} {:>6} {:>5} {:>10} {:>8} {:>8} {:>10} {:>7} {:>8}\n",
        first,
        "roots",
        "instances",
        "compared",
        "equal",
        "wrong",
        "unresolved",
        "aws-data",
        "provider",
        "unexpanded",
        "plan-?",
        "resolved"
    )
}

/// What the cases gave: the printed tables, the differences (with what was seen), failures.
#[derive(Default)]
struct Outcome {
    table: String,
    per_module: BTreeMap<String, ModuleRow>,
    found: BTreeMap<Diff, Vec<String>>,
    failures: Vec<String>,
}

fn run_cases(all: &[Aws5Case], corpus: &Path) -> Outcome {
    let mut o = Outcome::default();
    let w = all.iter().map(|c| c.name.len()).max().unwrap_or(4);
    o.table = format!("\n{}", header("case", w));
    for c in all {
        if c.plan.is_null() {
            let n = &c.name;
            o.failures
                .push(format!("{n}: no plan.json: run scripts/oracle {n}"));
            continue;
        }
        let tmp = assemble(c, corpus);
        let case = Case {
            name: c.name.clone(),
            scan: tmp.path().to_path_buf(),
            root: tmp.path().join(&c.root),
            args: c.args.clone(),
            plan: c.plan.clone(),
        };
        let r = compare_case(&case);
        o.table.push_str(&row(&c.name, None, &r.tally, w));
        let m = o.per_module.entry(release(c)).or_default();
        m.roots += 1;
        m.tally.add(&r.tally);
        let below = r.tally.resolved_pct() < TARGET_PCT;
        for (diff, seen) in diffs_of(&c.name, &r, tmp.path(), below) {
            o.found.entry(diff).or_default().push(seen);
        }
        if std::env::var_os("ORACLE_VERBOSE").is_some() {
            for p in r.problems.iter().filter(|p| p.contains(UNRESOLVED)) {
                writeln!(o.table, "  {}", p.replace(UNRESOLVED, "unresolved: ")).unwrap();
            }
        }
    }
    o
}

fn module_table(per_module: &BTreeMap<String, ModuleRow>) -> String {
    let w = per_module.keys().map(String::len).max().unwrap_or(6).max(6);
    let mut total = Tally::default();
    let mut roots = 0;
    let mut out = format!("\nper module\n{}", header("module", w));
    for (name, m) in per_module {
        out.push_str(&row(name, Some(m.roots), &m.tally, w));
        total.add(&m.tally);
        roots += m.roots;
    }
    out.push_str(&row("TOTAL", Some(roots), &total, w));
    out
}

#[test]
fn real_modules_agree_with_terraform_plan() {
    let Some(modules) = common::shared("corpus/modules-aws5") else {
        println!("real-module oracle skipped: ../shared/corpus/modules-aws5 is absent");
        return;
    };
    let all = aws5_cases();
    let mut o = run_cases(&all, modules.parent().unwrap());
    if all.len() < 40 {
        let n = all.len();
        o.failures.push(format!(
            "only {n} aws5 cases (issue 19 asks for at least 40 roots)"
        ));
    }
    let mut table = std::mem::take(&mut o.table) + &module_table(&o.per_module);
    let known = parse_known(&std::fs::read_to_string(KNOWN).unwrap_or_default())
        .unwrap_or_else(|e| panic!("{e}"));
    let found: BTreeSet<Diff> = o.found.keys().cloned().collect();
    let (new, gone) = reconcile(&found, &known);
    writeln!(
        table,
        "\nknown differences ({KNOWN}): {} listed, {} still present, {} new, {} gone",
        known.len(),
        known.len() - gone.len(),
        new.len(),
        gone.len()
    )
    .unwrap();
    for ((case, kind, addr, attr), why) in known.iter().filter(|(d, _)| found.contains(*d)) {
        writeln!(table, "  known: {case} | {kind} | {addr} | {attr}: {why}").unwrap();
    }
    print!("{table}");
    for d @ (case, kind, addr, attr) in new {
        let seen: String = o.found[d].iter().map(|p| format!("\n    {p}")).collect();
        o.failures.push(format!(
            "new difference (fix it, or list it in {KNOWN} with the reason): \
             {case} | {kind} | {addr} | {attr}{seen}"
        ));
    }
    for (case, kind, addr, attr) in gone {
        o.failures.push(format!(
            "listed difference is gone (remove it from {KNOWN}): {case} | {kind} | {addr} | {attr}"
        ));
    }
    assert!(o.failures.is_empty(), "\n{}", o.failures.join("\n"));
}

#[cfg(test)]
mod known_list {
    use super::*;

    fn diff(addr: &str) -> Diff {
        ("c".into(), "wrong".into(), addr.into(), "name".into())
    }

    #[test]
    fn new_and_gone_differences_are_both_reported() {
        let known =
            parse_known("# comment\nc | wrong | a | name | why\nc | wrong | b | name | why\n")
                .unwrap();
        let found = BTreeSet::from([diff("a"), diff("z")]);
        let (new, gone) = reconcile(&found, &known);
        assert_eq!(new, vec![&diff("z")]);
        assert_eq!(gone, vec![&diff("b")]);
    }

    #[test]
    fn an_entry_needs_a_reason_and_is_listed_once() {
        assert_eq!(
            parse_known("c | wrong | a | name |").unwrap_err(),
            format!("{KNOWN}:1: want `case | kind | address | attribute | reason`")
        );
        assert_eq!(
            parse_known("c | wrong | a | name | x\nc | wrong | a | name | y").unwrap_err(),
            format!("{KNOWN}:2: listed twice")
        );
    }
}

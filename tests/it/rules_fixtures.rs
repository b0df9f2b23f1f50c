//! Table test over `testdata/rules/PE00N/{pass,fail}/<case>/`: each case is a small Terraform
//! root; `# expect: PE00N <address>` (or `# expect-unresolved: ...`) at the end of a line marks
//! a finding located on that line. The set of findings of the rule under test must equal the
//! set of markers exactly.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use pe_lint::internals::lint::{load, Options};
use pe_lint::internals::rules::{self, Settings, Status};

type Expect = BTreeSet<(String, String, String, usize)>; // (status, address, file, line)

fn markers(case: &Path, rule: &str) -> Expect {
    let mut out = Expect::new();
    for entry in walkdir::WalkDir::new(case).sort_by_file_name() {
        let entry = entry.unwrap();
        let p = entry.path();
        let name = p.to_string_lossy();
        if !(name.ends_with(".tf") || name.ends_with(".tf.json")) {
            continue;
        }
        let rel = p
            .strip_prefix(case)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        for (i, line) in std::fs::read_to_string(p).unwrap().lines().enumerate() {
            for part in line.split('#').skip(1) {
                let part = part.trim();
                let (status, rest) = if let Some(r) = part.strip_prefix("expect-unresolved:") {
                    ("unresolved", r)
                } else if let Some(r) = part.strip_prefix("expect:") {
                    ("fail", r)
                } else {
                    continue;
                };
                let mut words = rest.split_whitespace();
                let (Some(id), Some(addr)) = (words.next(), words.next()) else {
                    panic!("{rel}:{}: malformed marker {part:?}", i + 1)
                };
                if id == rule {
                    out.insert((status.to_string(), addr.to_string(), rel.clone(), i + 1));
                }
            }
        }
    }
    out
}

fn findings(case: &Path, rule: &str) -> (Expect, Vec<String>) {
    let loaded = load(&Options::new(vec![case.to_path_buf()]));
    let errors: Vec<String> = loaded
        .diagnostics
        .iter()
        .filter(|d| d.is_error())
        .map(|d| format!("{}: {}", d.code, d.message))
        .collect();
    let verdicts = rules::run(&loaded.model, &Settings::default(), &loaded.sources)
        .unwrap_or_else(|e| panic!("{}", e.message));
    let base = std::fs::canonicalize(case).unwrap();
    let mut out = Expect::new();
    for v in verdicts
        .into_iter()
        .filter(|v| v.rule_id == rule && v.status != Status::Pass)
    {
        let file = v.loc.file.map(|f| loaded.sources.get(f)).unwrap();
        let abs = std::fs::canonicalize(&file.path).unwrap();
        let rel = abs
            .strip_prefix(&base)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        let line = file.position(v.loc.span.start).line;
        out.insert((v.status.as_str().to_string(), v.address.clone(), rel, line));
    }
    (out, errors)
}

fn cases() -> Vec<(String, String, PathBuf)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata/rules");
    let mut out = Vec::new();
    for rule in std::fs::read_dir(&root).unwrap().flatten() {
        let rule_id = rule.file_name().to_string_lossy().to_string();
        if !rule.path().is_dir() {
            continue;
        }
        for kind in ["pass", "fail"] {
            let Ok(dirs) = std::fs::read_dir(rule.path().join(kind)) else {
                continue;
            };
            for case in dirs.flatten().filter(|c| c.path().is_dir()) {
                out.push((rule_id.clone(), kind.to_string(), case.path()));
            }
        }
    }
    out.sort();
    out
}

#[test]
fn rule_fixtures_yield_exactly_the_marked_findings() {
    let mut failures = Vec::new();
    let mut count = 0;
    for (rule, kind, case) in cases() {
        count += 1;
        let want = markers(&case, &rule);
        let name = format!(
            "{rule}/{kind}/{}",
            case.file_name().unwrap().to_string_lossy()
        );
        if kind == "pass" && !want.is_empty() {
            failures.push(format!("{name}: a pass case must have no markers"));
        }
        if kind == "fail" && want.is_empty() {
            failures.push(format!("{name}: a fail case needs at least one marker"));
        }
        let (got, errors) = findings(&case, &rule);
        if !errors.is_empty() {
            failures.push(format!("{name}: configuration errors: {errors:?}"));
        }
        if got != want {
            let missing: Vec<_> = want.difference(&got).collect();
            let extra: Vec<_> = got.difference(&want).collect();
            failures.push(format!(
                "{name}:\n    missing {missing:?}\n    unexpected {extra:?}"
            ));
        }
    }
    println!("{count} fixture cases");
    assert!(count >= 40, "only {count} fixture cases");
    assert!(
        failures.is_empty(),
        "{} of {count} cases differ:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

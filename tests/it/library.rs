//! The library API: `pe_lint::check(&Options)` is the pipeline the command line runs, callable
//! on its own, silent and re-entrant.

use std::path::PathBuf;

use crate::common::repo;
use pe_lint::internals::rules::Status;

fn options(rel: &str) -> pe_lint::Options {
    pe_lint::Options {
        paths: vec![repo().join(rel)],
        ..Default::default()
    }
}

/// `(rule, address, line, status)` of every verdict, in report order.
fn verdicts(r: &pe_lint::Report) -> Vec<(String, String, usize, Status)> {
    r.verdicts
        .iter()
        .map(|v| {
            let line = v.loc.file.map_or(0, |f| {
                r.loaded.sources.get(f).position(v.loc.span.start).line
            });
            (v.rule_id.to_string(), v.address.clone(), line, v.status)
        })
        .collect()
}

#[test]
fn check_returns_the_verdicts_of_a_tree() {
    let r = pe_lint::check(&options("testdata/rules/PE001/fail/local_false"))
        .unwrap_or_else(|e| panic!("{e}"));
    let fails: Vec<_> = verdicts(&r)
        .into_iter()
        .filter(|v| v.3 == Status::Fail)
        .collect();
    // The lines and findings `pe-lint --format github` reports for the same tree.
    let expected = [
        ("PE006", "aws_kms_key.k", 22, Status::Fail),
        ("PE001", "aws_kms_key.k", 24, Status::Fail),
    ];
    let expected: Vec<_> = expected
        .iter()
        .map(|(r, a, l, s)| (r.to_string(), a.to_string(), *l, *s))
        .collect();
    assert_eq!(fails, expected);
    assert!(r.loaded.diagnostics.iter().all(|d| !d.is_error()));
}

#[test]
fn check_twice_gives_the_same_report() {
    let opts = options("testdata/photo-editor/infrastructure");
    let render = |r: &pe_lint::Report| {
        let view = pe_lint::internals::report::Report {
            started_at: Some("2026-01-01T00:00:00Z".into()),
            elapsed: std::time::Duration::ZERO,
            ..r.view(false, None)
        };
        pe_lint::internals::report::json::render(&view)
    };
    let first = pe_lint::check(&opts).unwrap_or_else(|e| panic!("{e}"));
    let second = pe_lint::check(&opts).unwrap_or_else(|e| panic!("{e}"));
    assert!(!first.verdicts.is_empty());
    assert_eq!(verdicts(&first), verdicts(&second));
    assert_eq!(render(&first), render(&second));
}

#[test]
fn an_invalid_configuration_is_an_error_with_its_diagnostics() {
    let dir = std::env::temp_dir().join(format!("pe-lint-library-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("main.tf"), "resource \"aws_s3_bucket\" \"b\" {}\n").unwrap();
    std::fs::write(dir.join(".pe-lint.hcl"), "no_such_setting = 1\n").unwrap();
    let result = pe_lint::check(&pe_lint::Options {
        paths: vec![PathBuf::from(&dir)],
        ..Default::default()
    });
    let _ = std::fs::remove_dir_all(&dir);
    match result {
        Err(pe_lint::Error::Config(failure)) => {
            let codes: Vec<&str> = failure.diagnostics.iter().map(|d| d.code).collect();
            assert!(!codes.is_empty(), "no diagnostics");
            assert!(
                failure.diagnostics.iter().any(|d| d.is_error()),
                "{codes:?}"
            );
        }
        Err(e) => panic!("not a configuration error: {e}"),
        Ok(r) => panic!("checked: {} verdicts", r.verdicts.len()),
    }
}

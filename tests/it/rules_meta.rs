//! Rule metadata: policy files parse, ids are unique and registered, the docs pages are
//! generated from the policy files, and every policy file's examples behave as they claim.

use std::collections::BTreeSet;
use std::path::Path;
use std::process::Command;

use pe_lint::internals::lint::{load, Options};
use pe_lint::internals::rules::{self, meta, Settings, Status};

use crate::common::assert_exit;

#[test]
fn policy_files_parse_and_ids_are_unique_and_registered() {
    let ids: Vec<&str> = meta::BUILTIN.iter().map(|m| m.id.as_str()).collect();
    let unique: BTreeSet<&str> = ids.iter().copied().collect();
    assert_eq!(ids.len(), unique.len(), "duplicate rule ids: {ids:?}");
    // A rule runs from Rust (`builtin_rules`) or from its policy file's `check` blocks.
    let rust = rules::builtin_rules();
    let registered: BTreeSet<&str> = rust
        .iter()
        .map(|r| r.id())
        .chain(
            rules::custom::BUILTIN_CHECKS
                .0
                .iter()
                .map(|r| r.id.as_str()),
        )
        .collect();
    assert_eq!(unique, registered);
    for m in meta::BUILTIN.iter() {
        assert_ne!(m.name, "invalid-policy-file", "{}: {}", m.id, m.summary);
        for (field, v) in [
            ("name", &m.name),
            ("requirement", &m.requirement),
            ("description", &m.description),
            ("rationale", &m.rationale),
            ("remediation", &m.remediation),
        ] {
            assert!(!v.trim().is_empty(), "{} has an empty {field}", m.id);
        }
        assert_eq!(
            m.severity,
            pe_lint::internals::rules::settings::Level::Error
        );
        assert_eq!(m.doc_url, format!("docs/rules/{}.md", m.id));
        assert!(
            m.example.contains_key("pass") && m.example.contains_key("fail"),
            "{}",
            m.id
        );
    }
}

#[test]
fn docs_pages_are_generated_from_policy_files() {
    let update = std::env::var_os("UPDATE_DOCS").is_some();
    for m in meta::BUILTIN.iter() {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(&m.doc_url);
        let want = meta::render_doc(m, None);
        if update {
            std::fs::write(&path, &want).unwrap();
            continue;
        }
        let have = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            have == want,
            "{} is out of date: run `UPDATE_DOCS=1 cargo test --test it rules_meta::`",
            path.display()
        );
    }
}

#[test]
fn policy_examples_pass_and_fail_as_documented() {
    for m in meta::BUILTIN.iter() {
        for (kind, ex) in &m.example {
            let dir = tempfile::tempdir().unwrap();
            std::fs::write(dir.path().join("main.tf"), &ex.code).unwrap();
            let loaded = load(&Options::new(vec![dir.path().to_path_buf()]));
            assert!(
                !loaded.diagnostics.iter().any(|d| d.is_error()),
                "{} example {kind}: {:?}",
                m.id,
                loaded.diagnostics
            );
            let settings = Settings {
                environment: Some(pe_lint::internals::cli::Env::Prod),
                ..Settings::default()
            };
            let verdicts: Vec<_> = rules::run(&loaded.model, &settings, &loaded.sources)
                .unwrap_or_else(|e| panic!("{}", e.message))
                .into_iter()
                .filter(|v| v.rule_id == m.id)
                .collect();
            let fails = verdicts.iter().filter(|v| v.status == Status::Fail).count();
            let unresolved = verdicts
                .iter()
                .filter(|v| v.status == Status::Unresolved)
                .count();
            match kind.as_str() {
                "pass" => assert!(
                    fails == 0 && unresolved == 0 && !verdicts.is_empty(),
                    "{} pass example: {verdicts:#?}",
                    m.id
                ),
                "fail" => assert!(
                    fails >= 1,
                    "{} fail example found nothing: {verdicts:#?}",
                    m.id
                ),
                other => panic!("{}: unknown example kind {other}", m.id),
            }
        }
    }
}

#[test]
fn list_rules_and_explain() {
    let out = Command::new(env!("CARGO_BIN_EXE_pe-lint"))
        .arg("--list-rules")
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    for m in meta::BUILTIN.iter() {
        assert!(text.contains(&m.id) && text.contains(&m.name), "{text}");
    }
    let out = Command::new(env!("CARGO_BIN_EXE_pe-lint"))
        .args(["--explain", "pe003"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.starts_with("# PE003 sqs-dlq-redrive"), "{text}");
    assert_exit(
        Command::new(env!("CARGO_BIN_EXE_pe-lint")).args(["--explain", "PE999"]),
        2,
    );
}

/// Every policy file in `rules/` is embedded (a new rule's file is not forgotten).
#[test]
fn every_policy_file_is_embedded() {
    let mut on_disk: Vec<String> = std::fs::read_dir(crate::common::repo().join("rules"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .filter(|n| n.ends_with(".hcl"))
        .collect();
    on_disk.sort();
    let embedded: Vec<String> = meta::POLICY_FILES
        .iter()
        .map(|(n, _)| n.to_string())
        .collect();
    assert_eq!(on_disk, embedded);
}

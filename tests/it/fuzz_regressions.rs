//! Every input that once crashed pe-lint (found by fuzzing or the random-input harness), kept in
//! `testdata/fuzz-regressions/` and run through the fuzzing entry point of its kind, named by
//! the file's prefix (`tf-`, `tf_json-`, `tfvars-`, `tfvars_json-`, `config-`,
//! `suppressions-`); and, for `.tf`/`.tf.json` inputs, through the CLI in every format.

use std::path::Path;

use pe_lint::internals::fuzz::{check_bytes, Kind};

fn kind_of(name: &str) -> Kind {
    let prefix = name.split('-').next().unwrap_or("");
    match prefix {
        "tf" => Kind::Tf,
        "tf_json" => Kind::TfJson,
        "tfvars" => Kind::Tfvars,
        "tfvars_json" => Kind::TfvarsJson,
        "config" => Kind::Config,
        "suppressions" => Kind::Suppressions,
        other => panic!("{name}: unknown kind prefix {other:?}"),
    }
}

fn cases() -> Vec<(String, Vec<u8>)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata/fuzz-regressions");
    let mut out: Vec<(String, Vec<u8>)> = std::fs::read_dir(&dir)
        .unwrap()
        .flatten()
        .map(|e| {
            (
                e.file_name().to_string_lossy().into_owned(),
                std::fs::read(e.path()).unwrap(),
            )
        })
        .filter(|(n, _)| n != "README.md")
        .collect();
    out.sort();
    assert!(!out.is_empty());
    out
}

#[test]
fn every_regression_input_runs_clean() {
    for (name, data) in cases() {
        let o = check_bytes(kind_of(&name), &data);
        assert!(o.exit_code <= 2, "{name}");
        assert!(
            o.diagnostics.iter().all(|d| d.code != "internal-error"),
            "{name}: {:?}",
            o.diagnostics
        );
        serde_json::from_str::<serde_json::Value>(&o.json).unwrap();
    }
}

#[test]
fn every_regression_input_runs_clean_in_the_cli() {
    for (name, data) in cases() {
        let file = match kind_of(&name) {
            Kind::Tf => "main.tf",
            Kind::TfJson => "main.tf.json",
            _ => continue,
        };
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(file), &data).unwrap();
        for format in ["human", "json", "sarif", "markdown", "github", "junit"] {
            let out = std::process::Command::new(env!("CARGO_BIN_EXE_pe-lint"))
                .arg(dir.path())
                .args(["--format", format])
                .env("NO_COLOR", "1")
                .output()
                .unwrap();
            let stderr = String::from_utf8_lossy(&out.stderr);
            assert!(
                matches!(out.status.code(), Some(0..=2)) && !stderr.contains("panicked"),
                "{name} --format {format}: {:?}\n{stderr}",
                out.status
            );
        }
    }
}

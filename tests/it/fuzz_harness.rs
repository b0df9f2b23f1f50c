//! The fuzz targets' entry point (`pe_lint::internals::fuzz::check_bytes`) on a few thousand random inputs
//! of every kind (`.tf`, `.tf.json`, tfvars, configuration file, suppression comments),
//! on stable, in every `cargo test`: seeds from `testdata/` (and `../shared/corpus/real/` when
//! present) mutated with byte flips, Terraform-flavoured token insertions, splices and
//! truncations. Every input must end in an exit code of 0, 1 or 2, valid JSON, and no panic
//! and no internal error. Deterministic: `PE_LINT_FUZZ_SEED` and `PE_LINT_FUZZ_ITERS` change
//! the seed and the number of inputs. The long runs use cargo-fuzz (docs/development.md).

use crate::common::Rng;
use std::path::{Path, PathBuf};

use pe_lint::internals::fuzz::{check_bytes, Kind};

const TOKENS: &[&str] = &[
    "${",
    "%{",
    "}",
    "{",
    "[",
    "]",
    "(",
    ")",
    "\"",
    "\n",
    "=",
    "==",
    "=>",
    "...",
    "?",
    ":",
    ".*",
    "[*]",
    "<<EOT\n",
    "\nEOT\n",
    "<<-EOT\n",
    "#",
    "//",
    "/*",
    "*/",
    "\\",
    "\\u",
    "\u{feff}",
    "\r\n",
    "count = ",
    "for_each = ",
    "local.",
    "var.",
    "module.",
    "data.",
    "each.key",
    "each.value",
    "count.index",
    "path.module",
    "self.",
    "for x in ",
    "if ",
    "endif",
    "endfor",
    "else",
    "null",
    "true",
    "-1",
    "1e308",
    "0x",
    "9999999999",
    "range(100000000)",
    "file(\"/etc/passwd\")",
    "templatefile(\"../../x\", {})",
    "jsonencode(",
    "jsondecode(\"",
    "format(\"%99999d\", 1)",
    "try(",
    "can(",
    "lookup(",
    "merge(",
    "flatten(",
    "setproduct(",
    "regex(\"(a*)*b\", ",
    "cidrsubnet(\"10.0.0.0/8\", 8, ",
    "resource \"aws_s3_bucket\" \"b\" {\n",
    "module \"m\" {\n",
    "source = \"./\"\n",
    "dynamic \"x\" {\n",
    "content {\n",
    "variable \"v\" {\n",
    "locals {\n",
    "provider \"aws\" {\n",
    "default_tags {\n",
    "tags = ",
    "\"Statement\": [",
    "\"Action\": \"*\"",
    "{\"resource\": {",
    "\"//\": ",
    ",",
    "é",
    "\u{10ffff}",
    "\u{F8FF}",
    "\u{F8FE}",
];

fn mutate(rng: &mut Rng, seeds: &[Vec<u8>]) -> Vec<u8> {
    let mut data = seeds[rng.below(seeds.len())].clone();
    for _ in 0..1 + rng.below(6) {
        let at = rng.below(data.len() + 1);
        match rng.below(8) {
            0 if !data.is_empty() => {
                let i = rng.below(data.len());
                data[i] ^= 1 << rng.below(8);
            }
            1 if !data.is_empty() => {
                let end = (at + rng.below(64)).min(data.len());
                data.drain(at..end);
            }
            2 => data.truncate(at),
            3 => {
                let other = &seeds[rng.below(seeds.len())];
                let from = rng.below(other.len() + 1);
                let to = (from + rng.below(512)).min(other.len());
                data.splice(at..at, other[from..to].iter().copied());
            }
            4 if !data.is_empty() => {
                let from = rng.below(data.len());
                let to = (from + rng.below(256)).min(data.len());
                let piece: Vec<u8> = data[from..to].to_vec();
                for _ in 0..1 + rng.below(8) {
                    data.splice(at..at, piece.iter().copied());
                }
            }
            5 => data.insert(at.min(data.len()), rng.next() as u8),
            _ => {
                let t = TOKENS[rng.below(TOKENS.len())].as_bytes();
                data.splice(at..at, t.iter().copied());
            }
        }
    }
    data.truncate(64 * 1024);
    data
}

fn collect(dir: &Path, suffix: &str, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<_> = entries.flatten().map(|e| e.path()).collect();
    entries.sort();
    for p in entries {
        if p.is_dir() && !p.is_symlink() {
            collect(&p, suffix, out);
        } else if p.to_string_lossy().ends_with(suffix)
            && p.metadata().is_ok_and(|m| m.len() < 64 * 1024)
        {
            out.push(p);
        }
    }
}

fn seeds(suffix: &str, extra: &[&str], max_corpus: usize) -> Vec<Vec<u8>> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    collect(&root.join("testdata"), suffix, &mut files);
    let mut corpus = Vec::new();
    collect(&root.join("../shared/corpus/real"), suffix, &mut corpus);
    // A deterministic sample of the corpus keeps the test fast.
    let step = (corpus.len() / max_corpus.max(1)).max(1);
    files.extend(corpus.into_iter().step_by(step));
    let mut out: Vec<Vec<u8>> = files.iter().filter_map(|p| std::fs::read(p).ok()).collect();
    out.extend(extra.iter().map(|s| s.as_bytes().to_vec()));
    let fuzz_seeds = root.join("fuzz/seeds");
    let (sub, ext) = match suffix {
        ".tf.json" => ("tf_json", ".json"),
        ".tfvars.json" => ("tfvars_json", ".json"),
        ".pe-lint.hcl" => ("config", ".hcl"),
        _ => ("", ""),
    };
    if !sub.is_empty() {
        let mut hand = Vec::new();
        collect(&fuzz_seeds.join(sub), ext, &mut hand);
        out.extend(hand.iter().filter_map(|p| std::fs::read(p).ok()));
    }
    out
}

/// Comment lines holding suppression directives, from the test trees and the hand seeds.
fn suppression_seeds() -> Vec<Vec<u8>> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    for suffix in [".tf", ".tf.json", ".txt"] {
        collect(&root.join("testdata/suppressions"), suffix, &mut files);
        collect(&root.join("fuzz/seeds/suppressions"), suffix, &mut files);
    }
    let mut out = Vec::new();
    for f in files {
        let text = std::fs::read_to_string(&f).unwrap_or_default();
        let lines: Vec<&str> = text
            .lines()
            .filter(|l| l.contains("ignore") || l.contains("skip"))
            .collect();
        out.push(lines.join("\n").into_bytes());
        out.extend(lines.iter().map(|l| l.as_bytes().to_vec()));
    }
    out
}

fn run(kind: Kind, seeds: &[Vec<u8>], iters: usize, rng: &mut Rng) {
    assert!(!seeds.is_empty());
    for i in 0..iters {
        let data = if i < seeds.len().min(iters / 4) {
            seeds[i].clone()
        } else {
            mutate(rng, seeds)
        };
        let shown = || {
            let s = String::from_utf8_lossy(&data[..data.len().min(4000)]).into_owned();
            format!("{kind:?} input #{i} ({} bytes):\n{s}", data.len())
        };
        let outcome = std::panic::catch_unwind(|| check_bytes(kind, &data))
            .unwrap_or_else(|_| panic!("panic on {}", shown()));
        assert!(outcome.exit_code <= 2, "{}", shown());
        if let Some(d) = outcome
            .diagnostics
            .iter()
            .find(|d| d.code == "internal-error")
        {
            panic!("{}: {}", d.message, shown());
        }
        if let Err(e) = serde_json::from_str::<serde_json::Value>(&outcome.json) {
            panic!("invalid JSON report ({e}) on {}", shown());
        }
    }
}

fn settings() -> (Rng, usize) {
    let seed = std::env::var("PE_LINT_FUZZ_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(0x5EED_0F9E_u64);
    let iters = std::env::var("PE_LINT_FUZZ_ITERS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(1000);
    (Rng(seed | 1), iters)
}

#[test]
fn random_tf() {
    let (mut rng, iters) = settings();
    run(Kind::Tf, &seeds(".tf", &[], 200), iters * 3 / 2, &mut rng);
}

#[test]
fn random_tf_json() {
    let (mut rng, iters) = settings();
    run(Kind::TfJson, &seeds(".tf.json", &[], 10), iters, &mut rng);
}

#[test]
fn random_tfvars() {
    let (mut rng, iters) = settings();
    let extra = [
        "x = \"a\"\nn = 3\nenvironment = \"prod\"\ntags = { Project = \"p\", Env = \"e\" }\n",
        "queues = [{ name = \"a\", dlq = true }, { name = \"b\" }]\n",
    ];
    run(Kind::Tfvars, &seeds(".tfvars", &extra, 20), iters, &mut rng);
    let extra_json = [
        r#"{"x": "a", "n": 2, "environment": "staging", "tags": {"Owner": "o"}}"#,
        r#"{"queues": [{"name": "a", "dlq": true}]}"#,
    ];
    run(
        Kind::TfvarsJson,
        &seeds(".tfvars.json", &extra_json, 20),
        iters / 2,
        &mut rng,
    );
}

#[test]
fn random_config_and_suppressions() {
    let (mut rng, iters) = settings();
    run(
        Kind::Config,
        &seeds(".pe-lint.hcl", &[], 0),
        iters / 2,
        &mut rng,
    );
    run(
        Kind::Suppressions,
        &suppression_seeds(),
        iters / 2,
        &mut rng,
    );
}

//! Embeds the built-in policy files: every `rules/*.hcl` becomes an entry of
//! `rules::meta::POLICY_FILES`, so a new rule's policy file needs no line in the Rust source.

use std::fmt::Write as _;
use std::path::Path;

fn main() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("rules");
    // A directory makes cargo rerun this script when any file in it changes, appears or goes.
    println!("cargo::rerun-if-changed=rules");
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
        .filter_map(|e| e.ok())
        .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".hcl"))
        .collect();
    // Sorted, so the generated file (and the binary) does not depend on the directory's order.
    names.sort();
    let mut out = String::from("&[\n");
    for name in &names {
        let path = dir.join(name);
        let _ = writeln!(
            out,
            "    ({name:?}, include_str!({:?})),",
            path.to_string_lossy()
        );
    }
    out.push_str("]\n");
    let target =
        Path::new(&std::env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("policy_files.rs");
    std::fs::write(&target, out)
        .unwrap_or_else(|e| panic!("cannot write {}: {e}", target.display()));
}

//! Local module sources as Terraform normalises them (`addrs.ParseModuleSource`): `.\` and
//! `..\` start a local path like `./`, backslashes are separators, and the path is cleaned
//! (`//`, a trailing `/`).

use crate::loading_override::{f, findings, run, TAGS};

fn key_module() -> String {
    format!(
        "resource \"aws_kms_key\" \"k\" {{\n  enable_key_rotation = false\n  tags = {TAGS}\n}}\n"
    )
}

/// `.\\.modules\\kms` was taken for a remote source and skipped, so the key it creates went
/// unchecked; it is the local folder `.modules/kms`.
#[test]
fn a_backslash_source_is_a_local_module() {
    let root = r#"module "k" {
  source = ".\\.modules\\kms"
}
"#;
    let key = key_module();
    let (v, code) = run(&[("main.tf", root), (".modules/kms/main.tf", &key)], &[]);
    assert_eq!(code, 1, "{v:#}");
    assert_eq!(
        findings(&v),
        vec![f("PE001", "module.k.aws_kms_key.k", "main.tf", 2, "fail")],
        "{v:#}"
    );
}

/// `./mod/` and `./mod//sub` are the folders `mod` and `mod/sub`: each is loaded once, as a
/// child of the root, not as a root of its own.
#[test]
fn trailing_and_double_slashes_are_cleaned() {
    let root =
        "module \"a\" {\n  source = \"./mod/\"\n}\nmodule \"b\" {\n  source = \"./mod//sub\"\n}\n";
    let key = key_module();
    let (v, code) = run(
        &[
            ("main.tf", root),
            ("mod/main.tf", &key),
            ("mod/sub/main.tf", &key),
        ],
        &[],
    );
    assert_eq!(code, 1, "{v:#}");
    assert_eq!(
        findings(&v),
        vec![
            f("PE001", "module.a.aws_kms_key.k", "main.tf", 2, "fail"),
            f("PE001", "module.b.aws_kms_key.k", "main.tf", 2, "fail"),
        ],
        "{v:#}"
    );
}

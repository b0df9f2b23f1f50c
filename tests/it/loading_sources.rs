//! Local module sources as Terraform normalises them (`addrs.ParseModuleSource`): `.\` and
//! `..\` start a local path like `./`, backslashes are separators, and the path is cleaned
//! (`//`, a trailing `/`).

use crate::loading_override::{diag_codes, f, findings, run, TAGS};

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

fn rotated_key_module() -> String {
    format!(
        "resource \"aws_kms_key\" \"k\" {{\n  enable_key_rotation = true\n  tags = {TAGS}\n}}\n"
    )
}

fn manifest(entries: &[(&str, &str, &str)]) -> String {
    let list: Vec<String> = entries
        .iter()
        .map(|(key, source, dir)| {
            format!("    {{\"Key\": \"{key}\", \"Source\": \"{source}\", \"Dir\": \"{dir}\"}}")
        })
        .collect();
    format!(
        "{{\n  \"Modules\": [\n    {{\"Key\": \"\", \"Source\": \"\", \"Dir\": \".\"}},\n{}\n  ]\n}}\n",
        list.join(",\n")
    )
}

const MANIFEST: &str = ".terraform/modules/modules.json";

/// Item 5, decoys: a committed manifest that maps a git module to a benign local folder (key
/// rotation on) is not what `terraform init` installs (Terraform compares the recorded `Source`
/// with the call's and re-installs, or refuses to plan, when they differ). The module is not
/// loaded: nothing from the decoy folder passes, and a warning names the call, the manifest's
/// line and both sources.
#[test]
fn a_manifest_entry_from_another_source_is_a_decoy() {
    let root = "module \"kms\" {\n  source = \"git::https://example.com/kms.git?ref=v1\"\n}\n";
    let key = rotated_key_module();
    for decoy_source in [
        "./modules/benign",
        "git::https://example.com/benign.git?ref=v1",
        "git::https://example.com/kms.git?ref=v2",
        "git::https://example.com/kms.git//sub?ref=v1",
    ] {
        let m = manifest(&[("kms", decoy_source, "modules/benign")]);
        let (v, code) = run(
            &[
                ("main.tf", root),
                ("modules/benign/main.tf", &key),
                (MANIFEST, &m),
            ],
            &[],
        );
        assert_eq!(findings(&v), vec![], "{decoy_source}: {v:#}");
        assert_eq!(code, 0, "{v:#}");
        let d = v["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .find(|d| d["code"] == "remote-module")
            .unwrap_or_else(|| panic!("{decoy_source}: no warning: {v:#}"));
        assert_eq!(d["severity"], "warning", "{d:#}");
        let msg = d["message"].as_str().unwrap();
        assert!(msg.starts_with("module.kms: "), "{msg}");
        assert!(msg.contains("modules.json line 4 "), "{msg}");
        assert!(msg.contains(&format!("\"{decoy_source}\"")), "{msg}");
        assert!(
            msg.contains("\"git::https://example.com/kms.git?ref=v1\""),
            "{msg}"
        );
        assert_eq!(d["line"], 1, "{d:#}");
    }
}

/// A genuine manifest (its `Source` is the call's, in any of the forms Terraform normalises to
/// the same address) is used: the installed module is checked, and its failing key found.
#[test]
fn a_manifest_entry_from_the_same_source_is_checked() {
    let key = key_module();
    let cases = [
        ("x/kms/aws", "registry.terraform.io/x/kms/aws"),
        ("registry.terraform.io/x/kms/aws", "x/kms/aws"),
        (
            "github.com/o/kms?ref=v1",
            "git::https://github.com/o/kms.git?ref=v1",
        ),
        (
            "git::https://e.com/r.git//kms?ref=v1",
            "git::https://e.com/r.git//kms?ref=v1",
        ),
        (
            "x/iam/aws//modules/kms/",
            "registry.terraform.io/x/iam/aws//modules/kms",
        ),
    ];
    for (call, installed) in cases {
        let root = format!("module \"kms\" {{\n  source = \"{call}\"\n}}\n");
        let m = manifest(&[("kms", installed, ".terraform/modules/kms")]);
        let (v, code) = run(
            &[
                ("main.tf", &root),
                (".terraform/modules/kms/main.tf", &key),
                (MANIFEST, &m),
            ],
            &[],
        );
        assert_eq!(code, 1, "{call}: {v:#}");
        assert_eq!(
            findings(&v),
            vec![f("PE001", "module.kms.aws_kms_key.k", "main.tf", 2, "fail")],
            "{call}: {v:#}"
        );
    }
}

/// The same source at a version the call's constraint does not allow (or with no version at
/// all) is not what Terraform uses either ("Module version requirements have changed"): the
/// decoy folder is not checked, and the warning names both versions. A version the constraint
/// allows is checked.
#[test]
fn a_manifest_entry_at_another_version_is_a_decoy() {
    let root = "module \"kms\" {\n  source  = \"x/kms/aws\"\n  version = \"~> 5.0\"\n}\n";
    let with_version = |v: &str| {
        format!(
            "{{\"Modules\": [\n{{\"Key\": \"kms\", \"Source\": \"registry.terraform.io/x/kms/aws\", {v}\"Dir\": \".terraform/modules/kms\"}}\n]}}\n"
        )
    };
    let key = key_module();
    for (version, checked) in [
        ("\"Version\": \"4.2.0\", ", false),
        ("", false),
        ("\"Version\": \"5.3.1\", ", true),
    ] {
        let m = with_version(version);
        let (v, code) = run(
            &[
                ("main.tf", root),
                (".terraform/modules/kms/main.tf", &key),
                (MANIFEST, &m),
            ],
            &[],
        );
        if checked {
            assert_eq!(code, 1, "{version}: {v:#}");
            assert_eq!(
                findings(&v),
                vec![f("PE001", "module.kms.aws_kms_key.k", "main.tf", 2, "fail")],
                "{v:#}"
            );
            continue;
        }
        assert_eq!((code, findings(&v)), (0, vec![]), "{version}: {v:#}");
        let msg = v["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .find(|d| d["code"] == "remote-module" && d["severity"] == "warning")
            .and_then(|d| d["message"].as_str())
            .unwrap_or_else(|| panic!("{version}: no warning: {v:#}"))
            .to_string();
        assert!(msg.contains("modules.json line 2 "), "{msg}");
        assert!(msg.contains("\"~> 5.0\""), "{msg}");
        if version.is_empty() {
            assert!(msg.contains("records no version"), "{msg}");
        } else {
            assert!(msg.contains("installs version \"4.2.0\""), "{msg}");
        }
    }
}

/// Two entries for one module (a genuine one, then a decoy): Terraform refuses such a manifest;
/// pe-lint uses neither and fails closed.
#[test]
fn a_manifest_with_two_entries_for_a_module_is_refused() {
    let root = "module \"kms\" {\n  source = \"x/kms/aws\"\n}\n";
    let m = manifest(&[
        (
            "kms",
            "registry.terraform.io/x/kms/aws",
            ".terraform/modules/kms",
        ),
        ("kms", "registry.terraform.io/x/kms/aws", "modules/benign"),
    ]);
    let (v, code) = run(
        &[
            ("main.tf", root),
            (".terraform/modules/kms/main.tf", &key_module()),
            ("modules/benign/main.tf", &rotated_key_module()),
            (MANIFEST, &m),
        ],
        &[],
    );
    assert_eq!(code, 2, "{v:#}");
    assert!(
        !findings(&v).iter().any(|x| x.1.starts_with("module.kms")),
        "{v:#}"
    );
    assert!(
        diag_codes(&v).contains(&"module-manifest".to_string()),
        "{v:#}"
    );
}

/// The caller search for a file argument (which folders are roots, which called children)
/// reads `.\\modules\\kms` as the local folder `modules/kms`: the module's file is checked
/// through its root (`module.k...`), not as a root of its own.
#[test]
fn a_backslash_source_is_found_by_the_caller_search() {
    let root = "module \"k\" {\n  source = \".\\\\modules\\\\kms\"\n}\n";
    let key = key_module();
    let dir = crate::common::write_tree(&[("main.tf", root), ("modules/kms/main.tf", &key)]);
    std::fs::create_dir_all(dir.path().join(".git")).unwrap();
    let file = dir.path().join("modules/kms/main.tf");
    let (v, code) = crate::common::json_run(
        crate::common::pe_lint().current_dir(dir.path()),
        &[file.to_str().unwrap()],
    );
    assert_eq!(code, 1, "{v:#}");
    assert_eq!(
        findings(&v),
        vec![f("PE001", "module.k.aws_kms_key.k", "main.tf", 2, "fail")],
        "{v:#}"
    );
}

/// The same folder called with backslashes is a child, not a root of its own, when the whole
/// tree is checked: its key is found once, as `module.k`'s.
#[test]
fn a_folder_called_with_backslashes_is_not_a_root() {
    let root = "module \"k\" {\n  source = \"..\\\\shared\\\\kms\\\\\"\n}\n";
    let key = key_module();
    let (v, code) = run(&[("live/main.tf", root), ("shared/kms/main.tf", &key)], &[]);
    assert_eq!(code, 1, "{v:#}");
    assert_eq!(
        findings(&v),
        vec![f("PE001", "module.k.aws_kms_key.k", "main.tf", 2, "fail")],
        "{v:#}"
    );
}

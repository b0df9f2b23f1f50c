//! File arguments, as the pre-commit hook passes them: each file is checked as part of its
//! module, with full module context.

use std::path::Path;

use crate::common::{fields3, git_tree, json_run, pe_lint, repo};

const INFRA: &str = "testdata/photo-editor/infrastructure";

fn json_in(dir: &Path, args: &[&str]) -> (serde_json::Value, i32) {
    json_run(pe_lint().current_dir(dir), args)
}

fn json(args: &[&str]) -> (serde_json::Value, i32) {
    json_in(repo(), args)
}

fn roots(v: &serde_json::Value) -> Vec<String> {
    v["scan"]["roots"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r.as_str().unwrap().to_string())
        .collect()
}

/// (rule, resource, file) of every finding.
fn findings(v: &serde_json::Value) -> Vec<(String, String, String)> {
    let mut out = fields3(v, "findings", ["rule_id", "resource", "file"]);
    out.sort();
    out
}

#[test]
fn several_files_of_one_root_check_it_once() {
    let (dir, _) = json(&[INFRA]);
    let (v, code) = json(&[&format!("{INFRA}/main.tf"), &format!("{INFRA}/lambda.tf")]);
    assert_eq!(code, 1);
    assert_eq!(roots(&v), vec![INFRA.to_string()]);
    // The root with everything it calls: the same findings as checking the directory.
    assert_eq!(findings(&v), findings(&dir));
}

#[test]
fn terraform_tfvars_checks_its_root() {
    let (v, code) = json(&[&format!("{INFRA}/terraform.tfvars")]);
    assert_eq!(code, 1);
    assert_eq!(roots(&v), vec![INFRA.to_string()]);
    assert_eq!(v["summary"]["fail"], 8);
}

#[test]
fn child_module_file_is_checked_through_the_roots_that_call_it() {
    let (v, code) = json(&[
        &format!("{INFRA}/modules/s3/main.tf"),
        &format!("{INFRA}/modules/s3/variables.tf"),
    ]);
    assert_eq!(code, 1, "{v:#}");
    assert_eq!(roots(&v), vec![INFRA.to_string()]);
    // Evaluated with the root's inputs and default tags: no false PE006, and only the findings
    // located in the module.
    assert_eq!(
        findings(&v),
        vec![(
            "PE002".to_string(),
            "module.s3.aws_s3_bucket.access_logs".to_string(),
            format!("{INFRA}/modules/s3/main.tf"),
        )]
    );
}

#[test]
fn var_files_are_checked_each_as_its_own_evaluation_of_their_root() {
    let (v, code) = json(&[
        &format!("{INFRA}/environments/dev.tfvars"),
        &format!("{INFRA}/environments/prod.tfvars"),
    ]);
    assert_eq!(code, 1);
    assert_eq!(
        roots(&v),
        vec![
            format!("{INFRA}/environments/dev.tfvars"),
            format!("{INFRA}/environments/prod.tfvars"),
        ]
    );
    let mut pe005: Vec<String> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule_id"] == "PE005")
        .map(|f| f["message"].as_str().unwrap().to_string())
        .collect();
    pe005.sort();
    assert_eq!(pe005.len(), 2, "{pe005:?}");
    assert!(pe005[0].contains("dev requires 14"), "{pe005:?}");
    assert!(pe005[1].contains("prod requires 90"), "{pe005:?}");
}

const TAGS: &str = r#"provider "aws" {
  default_tags {
    tags = { Project = "p", Env = var.environment, Owner = "o", CostCenter = "c" }
  }
}
variable "environment" {
  type = string
}
"#;

/// Two environments call one module through `../../modules`; the module calls another.
fn environments() -> tempfile::TempDir {
    let env = |name: &str| {
        format!(
            "{TAGS}\nmodule \"keys\" {{\n  source   = \"../../modules/keys\"\n  rotation = {}\n}}\n\
             resource \"aws_kms_key\" \"own\" {{\n  enable_key_rotation = false\n}}\n",
            if name == "prod" { "true" } else { "var.environment == \"prod\"" }
        )
    };
    let (dev, prod) = (env("dev"), env("prod"));
    git_tree(&[
        ("envs/dev/main.tf", &dev),
        ("envs/dev/terraform.tfvars", "environment = \"dev\"\n"),
        ("envs/prod/main.tf", &prod),
        ("envs/prod/terraform.tfvars", "environment = \"prod\"\n"),
        (
            "modules/keys/main.tf",
            "variable \"rotation\" {\n  type = bool\n}\n\
             resource \"aws_kms_key\" \"k\" {\n  enable_key_rotation = var.rotation\n}\n\
             resource \"aws_kms_key\" \"bad\" {\n  description = \"no rotation\"\n}\n\
             module \"inner\" {\n  source = \"./inner\"\n}\n",
        ),
        (
            "modules/keys/inner/main.tf",
            "resource \"aws_kms_key\" \"inner\" {\n  enable_key_rotation = false\n}\n",
        ),
    ])
}

#[test]
fn module_called_from_several_roots_reports_only_its_own_findings_once_per_distinct_verdict() {
    let t = environments();
    let (v, code) = json_in(t.path(), &["modules/keys/main.tf"]);
    assert_eq!(code, 1, "{v:#}");
    assert_eq!(roots(&v), vec!["envs/dev", "envs/prod"]);
    let f = findings(&v);
    // `k` fails in dev only (rotation = var.environment == "prod"); `bad` and the inner
    // module's key fail identically in both roots and are reported once; the roots' own key
    // (`aws_kms_key.own`) is not in the changed module and is not reported.
    assert_eq!(
        f,
        vec![
            (
                "PE001".into(),
                "module.keys.aws_kms_key.bad".into(),
                "modules/keys/main.tf".into()
            ),
            (
                "PE001".into(),
                "module.keys.aws_kms_key.k".into(),
                "modules/keys/main.tf".into()
            ),
            (
                "PE001".into(),
                "module.keys.module.inner.aws_kms_key.inner".into(),
                "modules/keys/inner/main.tf".into()
            ),
        ],
        "{v:#}"
    );
    // A root named as well is reported in full.
    let (v, _) = json_in(t.path(), &["modules/keys/main.tf", "envs/prod/main.tf"]);
    assert!(findings(&v)
        .iter()
        .any(|(_, r, f)| r == "aws_kms_key.own" && f == "envs/prod/main.tf"));
    assert!(!findings(&v)
        .iter()
        .any(|(_, r, f)| r == "aws_kms_key.own" && f == "envs/dev/main.tf"));
}

#[test]
fn module_nothing_calls_is_checked_on_its_own() {
    let t = git_tree(&[(
        "lib/main.tf",
        "resource \"aws_kms_key\" \"k\" {\n  enable_key_rotation = false\n}\n",
    )]);
    let (v, code) = json_in(t.path(), &["lib/main.tf"]);
    assert_eq!(code, 1);
    assert_eq!(roots(&v), vec!["lib"]);
    assert!(findings(&v).iter().any(|(r, _, _)| r == "PE001"));
}

/// Callers are looked for outward from the changed module, stopping at the first directory
/// level that holds one: a module repository's own example is found without reading the rest of
/// the tree, and a module with no caller nearby is found from two levels up.
#[test]
fn callers_are_searched_outward_from_the_module() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    std::fs::create_dir(root.join(".git")).unwrap();
    let files = [
        ("modules/queue/main.tf", "variable \"name\" {}\nresource \"aws_kms_key\" \"k\" {\n  description = var.name\n}\n"),
        ("modules/queue/examples/basic/main.tf", "module \"q\" {\n  source = \"../..\"\n  name   = \"example\"\n}\n"),
        ("modules/bucket/main.tf", "variable \"name\" {}\nresource \"aws_kms_key\" \"k\" {\n  description = var.name\n}\n"),
        ("envs/prod/main.tf", "module \"q\" {\n  source = \"../../modules/queue\"\n  name   = \"prod\"\n}\nmodule \"b\" {\n  source = \"../../modules/bucket\"\n  name   = \"prod\"\n}\n"),
    ];
    for (path, text) in files {
        let p = root.join(path);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }
    let (v, code) = json_in(root, &["modules/queue/main.tf"]);
    assert_eq!(code, 1, "{v:#}");
    assert_eq!(roots(&v), vec!["modules/queue/examples/basic".to_string()]);
    let (v, code) = json_in(root, &["modules/bucket/main.tf"]);
    assert_eq!(code, 1, "{v:#}");
    assert_eq!(roots(&v), vec!["envs/prod".to_string()]);
    assert_eq!(
        findings(&v),
        ["PE001", "PE006"]
            .map(|r| (
                r.to_string(),
                "module.b.aws_kms_key.k".to_string(),
                "modules/bucket/main.tf".to_string()
            ))
            .to_vec()
    );
}

/// Every order of the file arguments pre-commit may pass, in a git work tree and outside one:
/// the root's configuration governs (here it makes PE001 a warning, so the run passes), and a
/// `.pe-lint.hcl` next to one of the files is nested: its `enabled = false` for PE008 and its
/// `fail_on = "never"` are ignored. The report is the same in every order (the first path's
/// folder used to supply the configuration for the whole run).
#[test]
fn the_configuration_is_the_same_for_file_arguments_in_every_order() {
    let kms = "resource \"aws_kms_key\" \"k\" {\n  enable_key_rotation = false\n  tags = { Project = \"p\", Env = \"e\", Owner = \"o\", CostCenter = \"c\" }\n}\n";
    for in_git in [true, false] {
        let dir = git_tree(&[
            (
                ".pe-lint.hcl",
                "rule \"PE001\" {\n  severity = \"warning\"\n}\n",
            ),
            ("a-docs-example/main.tf", kms),
            (
                "a-docs-example/.pe-lint.hcl",
                "fail_on = \"never\"\nrule \"PE001\" {\n  enabled = false\n}\n",
            ),
            ("infra/main.tf", kms),
        ]);
        if !in_git {
            std::fs::remove_dir(dir.path().join(".git")).unwrap();
        }
        let files = [
            "a-docs-example/main.tf",
            "infra/main.tf",
            "a-docs-example/.pe-lint.hcl",
        ];
        let mut reports = Vec::new();
        for order in [[0, 1, 2], [1, 0, 2], [2, 1, 0], [1, 2, 0]] {
            let args: Vec<&str> = order.iter().map(|i| files[*i]).collect();
            let args = &args[..2];
            let (v, code) = json_in(dir.path(), args);
            assert_eq!(code, 0, "{in_git} {args:?}: {v:#}");
            let pe001: Vec<&serde_json::Value> = v["findings"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|f| f["rule_id"] == "PE001")
                .collect();
            assert!(!pe001.is_empty(), "{in_git} {args:?}: {v:#}");
            assert!(pe001.iter().all(|f| f["severity"] == "warning"), "{v:#}");
            reports.push(serde_json::to_string(&v["findings"]).unwrap());
        }
        // Only the two orders of the same two files compare: the others check fewer files.
        assert_eq!(reports[0], reports[1], "{in_git}");
        // infra/main.tf alone in git: the same policy (the git top governs). Outside git the
        // scanned root is then infra/ itself, which has no configuration: the defaults.
        let (v, code) = json_in(dir.path(), &["infra/main.tf"]);
        assert_eq!(code, if in_git { 0 } else { 1 }, "{v:#}");
        // Now the root's policy is the default (PE001 an error): the nested file passed first
        // cannot turn the failure off.
        std::fs::remove_file(dir.path().join(".pe-lint.hcl")).unwrap();
        for args in [
            ["a-docs-example/main.tf", "infra/main.tf"],
            ["infra/main.tf", "a-docs-example/main.tf"],
        ] {
            let (v, code) = json_in(dir.path(), &args);
            assert_eq!(code, 1, "{in_git} {args:?}: {v:#}");
        }
    }
}

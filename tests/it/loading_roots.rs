//! Which directories are roots. A directory meant to be planned itself (a backend, a provider
//! configuration, variable files) stays a root when another module calls it; a symbolic link
//! to a directory inside the tree is followed as Terraform follows it.

use crate::common::{git_tree, json_run, pe_lint};
use crate::loading_override::{diag_codes, f, findings, TAGS};
use serde_json::Value;

fn prod(extra: &str) -> String {
    format!(
        "{extra}resource \"aws_kms_key\" \"k\" {{\n  enable_key_rotation = false\n  tags = {TAGS}\n}}\n"
    )
}

const DECOY: &str = "module \"x\" {\n  source = \"../prod\"\n  count  = 0\n}\n";

fn lint(dir: &std::path::Path, path: &str) -> (Value, i32) {
    json_run(pe_lint().current_dir(dir), &[path])
}

/// The decoy: another root calls `live/prod` with `count = 0`, so prod was only a child with
/// no instances and the run checked nothing (`0 resources checked`, exit 0). With a backend,
/// prod is a root of its own and its key fails PE001.
#[test]
fn a_called_directory_with_a_backend_is_still_a_root() {
    let backend = "terraform {\n  backend \"s3\" {}\n}\n";
    let t = git_tree(&[
        ("live/prod/main.tf", &prod(backend)),
        ("live/decoy/main.tf", DECOY),
    ]);
    let (v, code) = lint(t.path(), "live");
    assert_eq!(code, 1, "{v:#}");
    assert_eq!(
        findings(&v),
        vec![f("PE001", "aws_kms_key.k", "main.tf", 5, "fail")],
        "{v:#}"
    );
}

/// The same with a provider configuration, with only variable files, and with the backend in
/// an override file (a `terraform` block override).
#[test]
fn provider_tfvars_or_override_backend_also_make_a_root() {
    let provider = "provider \"aws\" {\n  region = \"eu-west-1\"\n}\n";
    let cases: Vec<Vec<(&str, String)>> = vec![
        vec![("live/prod/main.tf", prod(provider))],
        vec![
            ("live/prod/main.tf", prod("")),
            ("live/prod/terraform.tfvars", "x = 1\n".into()),
        ],
        vec![
            ("live/prod/main.tf", prod("")),
            (
                "live/prod/backend_override.tf",
                "terraform {\n  backend \"s3\" {}\n}\n".into(),
            ),
        ],
    ];
    for case in cases {
        let mut files: Vec<(&str, &str)> = case.iter().map(|(n, t)| (*n, t.as_str())).collect();
        files.push(("live/decoy/main.tf", DECOY));
        let t = git_tree(&files);
        let (v, code) = lint(t.path(), "live");
        assert_eq!(code, 1, "{case:?}\n{v:#}");
        let fs = findings(&v);
        assert_eq!(fs.len(), 1, "{v:#}");
        assert_eq!(
            (fs[0].0.as_str(), fs[0].1.as_str()),
            ("PE001", "aws_kms_key.k"),
            "{v:#}"
        );
    }
}

/// A plain module that is called stays a child: no backend, provider or variable files.
#[test]
fn a_plain_called_module_is_not_a_root() {
    let t = git_tree(&[
        ("live/prod/main.tf", &prod("")),
        ("live/decoy/main.tf", DECOY),
    ]);
    let (v, code) = lint(t.path(), "live");
    assert_eq!((code, findings(&v)), (0, vec![]), "{v:#}");
    assert_eq!(v["scan"]["resources"], 0, "{v:#}");
}

/// `live/prod -> ../stacks/prod` inside the tree: `pe-lint live` read 0 files; now prod is
/// checked under the link's path.
#[cfg(unix)]
#[test]
fn a_linked_directory_inside_the_tree_is_followed() {
    let t = git_tree(&[("stacks/prod/main.tf", &prod("")), ("live/README", "")]);
    std::os::unix::fs::symlink("../stacks/prod", t.path().join("live/prod")).unwrap();
    let (v, code) = lint(t.path(), "live");
    assert_eq!(code, 1, "{v:#}");
    assert_eq!(
        findings(&v),
        vec![f("PE001", "aws_kms_key.k", "main.tf", 2, "fail")],
        "{v:#}"
    );
    let file = v["findings"][0]["file"].as_str().unwrap();
    assert_eq!(file, "live/prod/main.tf", "{v:#}");
    // A link to its own ancestor ends.
    std::os::unix::fs::symlink("..", t.path().join("live/loop")).unwrap();
    let (v, code) = lint(t.path(), "live");
    assert_eq!(code, 1, "{v:#}");
}

/// A linked directory that leaves the tree is refused: an error naming the link, exit 2.
#[cfg(unix)]
#[test]
fn a_linked_directory_leaving_the_tree_is_refused() {
    let outside = crate::common::write_tree(&[("prod/main.tf", &prod(""))]);
    let t = git_tree(&[("live/README", "")]);
    std::os::unix::fs::symlink(outside.path().join("prod"), t.path().join("live/prod")).unwrap();
    let (v, code) = lint(t.path(), "live");
    assert_eq!(code, 2, "{v:#}");
    // The refused link was the only Terraform: nothing was checked either (#22 item 1).
    assert_eq!(
        diag_codes(&v),
        vec!["outside-tree", "nothing-checked"],
        "{v:#}"
    );
    assert_eq!(v["scan"]["resources"], 0, "{v:#}");
}

const ROTATE: &str = "variable \"rotate\" {\n  type    = bool\n  default = true\n}\nresource \"aws_kms_key\" \"k\" {\n  enable_key_rotation = var.rotate\n  tags = TAGS\n}\n";

/// `--var-file infrastructure/environments/prod.tfvars infrastructure`: the file is inside the
/// `infrastructure` root's folder, so it is for that root; the standalone module under
/// `infrastructure/modules/` keeps its defaults. Before, both took it and both failed.
#[test]
fn a_var_file_inside_a_root_applies_to_that_root_only() {
    let rotate = ROTATE.replace("TAGS", TAGS);
    let t = git_tree(&[
        ("infrastructure/main.tf", &rotate),
        (
            "infrastructure/environments/prod.tfvars",
            "rotate = false\n",
        ),
        ("infrastructure/modules/kms/main.tf", &rotate),
    ]);
    let (v, code) = json_run(
        pe_lint().current_dir(t.path()),
        &[
            "--var-file",
            "infrastructure/environments/prod.tfvars",
            "infrastructure",
        ],
    );
    assert_eq!(code, 1, "{v:#}");
    let fs = findings(&v);
    assert_eq!(fs.len(), 1, "{v:#}");
    assert_eq!(v["findings"][0]["file"], "infrastructure/main.tf", "{v:#}");
}

/// One outside every root's folder applies to all of them.
#[test]
fn a_var_file_outside_every_root_applies_to_all() {
    let rotate = ROTATE.replace("TAGS", TAGS);
    let t = git_tree(&[
        ("a/main.tf", &rotate),
        ("b/main.tf", &rotate),
        ("env/prod.tfvars", "rotate = false\n"),
    ]);
    let (v, code) = json_run(
        pe_lint().current_dir(t.path()),
        &["--var-file", "env/prod.tfvars", "a", "b"],
    );
    assert_eq!(code, 1, "{v:#}");
    assert_eq!(findings(&v).len(), 2, "{v:#}");
}

/// Item 4, "or that the command line names": a plain folder the decoy calls with `count = 0`
/// is still checked as a root when it is named on the command line, alone or with the decoy.
#[test]
fn a_called_directory_named_on_the_command_line_is_a_root() {
    let t = git_tree(&[
        ("live/prod/main.tf", &prod("")),
        ("live/decoy/main.tf", DECOY),
    ]);
    for args in [vec!["live/prod"], vec!["live/prod", "live/decoy"]] {
        let (v, code) = json_run(pe_lint().current_dir(t.path()), &args);
        assert_eq!(code, 1, "{args:?}: {v:#}");
        assert_eq!(
            findings(&v),
            vec![f("PE001", "aws_kms_key.k", "main.tf", 2, "fail")],
            "{args:?}: {v:#}"
        );
    }
}

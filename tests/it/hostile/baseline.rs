//! Hostile baselines and suppressions (issue items 2, 4, 10 and 11): the baseline file and the
//! comments of the checked tree are written by the author of the change, so none of them may
//! read outside the tree, block, grow without bound, write through a link, or silence more
//! than the finding it names.

use super::common::*;
use serde_json::Value;
use std::os::unix::fs::symlink;
use std::path::Path;

/// One failing finding (PE001); tagged, so that no other rule fails.
const KEY: &[u8] = b"resource \"aws_kms_key\" \"ok\" {\n  enable_key_rotation = false\n  tags = { Project = \"p\", Env = \"prod\", Owner = \"o\", CostCenter = \"c\" }\n}\n";

/// `pe-lint DIR --format json` plus `extra` arguments.
fn lint(dir: &Path, extra: &[&dyn AsRef<std::ffi::OsStr>]) -> Run {
    let mut args: Vec<&dyn AsRef<std::ffi::OsStr>> = vec![&dir, &"--format", &"json"];
    args.extend_from_slice(extra);
    pe_lint(&args, &[])
}

/// (code, message) of the diagnostics.
fn diags(r: &Run) -> Vec<(String, String)> {
    r.json()["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["code"].as_str().unwrap().to_string(),
                d["message"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

fn statuses(r: &Run) -> Vec<String> {
    r.json()["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["status"].as_str().unwrap().to_string())
        .collect()
}

/// A valid baseline for `KEY`'s one finding, written by pe-lint itself.
fn written_baseline(dir: &Path) -> Value {
    let out = tempfile::tempdir().unwrap();
    let b = out.path().join("b.json");
    let r = lint(dir, &[&"--write-baseline", &b]);
    assert_eq!(r.code, 0, "{}", r.stdout);
    serde_json::from_str(&std::fs::read_to_string(&b).unwrap()).unwrap()
}

// ---- reading (item 2) --------------------------------------------------------------------------

/// A committed `baseline.json -> /etc/passwd`, named on the CI command line: refused as a link
/// out of the tree, naming the file and quoting none of it; the finding still fails.
#[test]
fn baseline_linked_out_of_the_tree_is_refused() {
    let t = tree(&[("main.tf", KEY)]);
    symlink("/etc/passwd", t.path().join("baseline.json")).unwrap();
    let r = lint(t.path(), &[&"--baseline", &t.path().join("baseline.json")]);
    assert_eq!(r.code, 2, "{}", r.stdout);
    let d = diags(&r);
    assert!(
        d.iter()
            .any(|(c, m)| c == "outside-tree" && m.contains("baseline.json")),
        "{d:?}"
    );
    assert!(!r.stdout.contains("root:") && !r.stderr.contains("root:"));
    assert_eq!(statuses(&r), ["fail"]);
}

/// The same through `/proc/self/pagemap`, a "regular" file of size 0 that reads for terabytes:
/// refused before a byte is read, memory bounded (checked by `pe_lint`).
#[test]
fn baseline_linked_to_proc_is_refused() {
    let t = tree(&[("main.tf", KEY)]);
    symlink("/proc/self/pagemap", t.path().join("baseline.json")).unwrap();
    let r = lint(t.path(), &[&"--baseline", &t.path().join("baseline.json")]);
    assert_eq!(r.code, 2);
    assert!(diags(&r).iter().any(|(c, _)| c == "outside-tree"));
}

/// A folder of the path is the link (`ci -> /etc`, `--baseline ci/passwd`): the path lies in
/// the tree, so it must resolve there.
#[test]
fn baseline_through_a_linked_folder_is_refused() {
    let t = tree(&[("main.tf", KEY)]);
    symlink("/etc", t.path().join("ci")).unwrap();
    let r = lint(t.path(), &[&"--baseline", &t.path().join("ci/passwd")]);
    assert_eq!(r.code, 2);
    assert!(diags(&r).iter().any(|(c, _)| c == "outside-tree"));
    assert!(!r.stdout.contains("root:"));
}

/// A committed FIFO as the baseline would block the run forever: refused at once as not a
/// regular file.
#[test]
fn baseline_fifo_does_not_block() {
    let t = tree(&[("main.tf", KEY)]);
    let fifo = t.path().join("baseline.json");
    let c = std::ffi::CString::new(fifo.as_os_str().as_encoded_bytes()).unwrap();
    // SAFETY: a valid NUL-terminated path.
    assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o644) }, 0);
    let r = lint(t.path(), &[&"--baseline", &fifo]);
    assert_eq!(r.code, 2);
    let d = diags(&r);
    assert!(
        d.iter()
            .any(|(c, m)| c == "not-a-file" && m.contains("baseline.json")),
        "{d:?}"
    );
}

/// The baseline is read through the `--limit file-size` cap, not a fixed one.
#[test]
fn baseline_over_the_size_limit_is_refused() {
    let t = tree(&[("main.tf", KEY)]);
    let mut b = written_baseline(t.path());
    b["padding"] = Value::from("x".repeat(4000));
    std::fs::write(t.path().join("b.json"), b.to_string()).unwrap();
    let r = lint(
        t.path(),
        &[
            &"--baseline",
            &t.path().join("b.json"),
            &"--limit",
            &"file-size=2000",
        ],
    );
    assert_eq!(r.code, 2, "{}", r.stdout);
    assert!(diags(&r).iter().any(|(c, _)| c == "file-too-large"));
    assert_eq!(statuses(&r), ["fail"]);
}

// ---- writing (item 4) --------------------------------------------------------------------------

/// `--write-baseline tree/b.json` where the tree holds `b.json -> ../outside/victim`: the link
/// is replaced by the baseline, its target is untouched.
#[test]
fn write_baseline_never_writes_through_a_link() {
    let root = tempfile::tempdir().unwrap();
    let (t, outside) = (root.path().join("tree"), root.path().join("outside"));
    std::fs::create_dir_all(&t).unwrap();
    std::fs::create_dir_all(&outside).unwrap();
    std::fs::write(t.join("main.tf"), KEY).unwrap();
    std::fs::write(outside.join("victim"), "keep").unwrap();
    symlink(outside.join("victim"), t.join("b.json")).unwrap();
    let r = lint(&t, &[&"--write-baseline", &t.join("b.json")]);
    assert_eq!(r.code, 0, "{}", r.stdout);
    assert_eq!(
        std::fs::read_to_string(outside.join("victim")).unwrap(),
        "keep"
    );
    assert!(!std::fs::symlink_metadata(t.join("b.json"))
        .unwrap()
        .is_symlink());
}

/// A folder of the output path is a committed link out of the tree: refused, nothing written
/// there, exit 2.
#[test]
fn write_baseline_refuses_a_linked_folder() {
    let root = tempfile::tempdir().unwrap();
    let (t, outside) = (root.path().join("tree"), root.path().join("outside"));
    std::fs::create_dir_all(&t).unwrap();
    std::fs::create_dir_all(&outside).unwrap();
    std::fs::write(t.join("main.tf"), KEY).unwrap();
    symlink(&outside, t.join("evidence")).unwrap();
    let r = lint(&t, &[&"--write-baseline", &t.join("evidence/b.json")]);
    assert_eq!(r.code, 2, "{}", r.stdout);
    assert!(diags(&r)
        .iter()
        .any(|(c, m)| c == "baseline-error" && m.contains("evidence")));
    assert_eq!(std::fs::read_dir(&outside).unwrap().count(), 0);
}

// ---- content (item 10 and own attacks) ---------------------------------------------------------

/// A baseline whose entries name another rule (or `*`) with the real fingerprint: an entry
/// matches only its own rule and resource, so it silences nothing.
#[test]
fn baseline_entry_for_another_rule_silences_nothing() {
    let t = tree(&[("main.tf", KEY)]);
    let mut b = written_baseline(t.path());
    for rule in ["PE008", "*"] {
        b["findings"][0]["rule_id"] = Value::from(rule);
        std::fs::write(t.path().join("b.json"), b.to_string()).unwrap();
        let r = lint(t.path(), &[&"--baseline", &t.path().join("b.json")]);
        assert_eq!(r.code, 1, "{rule}: {}", r.stdout);
        assert_eq!(statuses(&r), ["fail"]);
    }
}

/// The same entry listed 200,000 times (just under the default size cap) silences the one
/// finding it names, once; memory and time stay bounded.
#[test]
fn baseline_with_one_entry_repeated_silences_once() {
    let t = tree(&[(
        "main.tf",
        b"resource \"aws_kms_key\" \"ok\" {\n  enable_key_rotation = false\n  tags = { Project = \"p\", Env = \"prod\", Owner = \"o\", CostCenter = \"c\" }\n}\nresource \"aws_kms_key\" \"new\" {\n  tags = { Project = \"p\", Env = \"prod\", Owner = \"o\", CostCenter = \"c\" }\n}\n",
    )]);
    let src = tree(&[("main.tf", KEY)]);
    let mut b = written_baseline(src.path());
    let mut one = b["findings"][0].clone();
    for informational in ["file", "line", "message"] {
        one.as_object_mut().unwrap().remove(informational);
    }
    b["findings"] = Value::Array(vec![one; 200_000]);
    std::fs::write(t.path().join("b.json"), b.to_string()).unwrap();
    let r = lint(t.path(), &[&"--baseline", &t.path().join("b.json")]);
    assert_eq!(r.code, 1, "{}", &r.stdout[..r.stdout.len().min(3000)]);
    let mut s = statuses(&r);
    s.sort();
    assert_eq!(s, ["fail", "suppressed"]);
    assert!(diags(&r).iter().any(|(c, m)| c == "baseline"
        && m.contains(
            "1 finding(s) in the baseline reported as suppressed; 199999 of its 200000"
        )));
}

/// A baseline nested 10,000 deep (in its findings, and in its version): a clear error naming
/// the file, no stack overflow, the finding fails.
#[test]
fn baseline_nested_deep_is_an_error() {
    let t = tree(&[("main.tf", KEY)]);
    let deep = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
    for (name, text) in [
        (
            "a.json",
            format!("{{\"version\":2,\"tool\":\"pe-lint\",\"findings\":{deep}}}"),
        ),
        ("b.json", format!("{{\"version\":{deep}}}")),
    ] {
        std::fs::write(t.path().join(name), text).unwrap();
        let r = lint(t.path(), &[&"--baseline", &t.path().join(name)]);
        assert_eq!(r.code, 2, "{name}");
        assert!(
            diags(&r)
                .iter()
                .any(|(c, m)| c == "baseline-error" && m.contains(name)),
            "{:?}",
            diags(&r)
        );
        assert_eq!(statuses(&r), ["fail"]);
    }
}

/// A baseline that is JSON of the wrong shape: serde's message would quote its values (from a
/// file the tree may have linked in); the diagnostic quotes none.
#[test]
fn baseline_errors_quote_nothing_from_the_file() {
    let t = tree(&[("main.tf", KEY)]);
    std::fs::write(
        t.path().join("b.json"),
        "{\"version\":2,\"tool\":\"pe-lint\",\"findings\":[{\"rule_id\":\"PE001\",\"resource\":\"r\",\"fingerprint\":\"f\",\"line\":\"SECRET-TOKEN-123\"}]}",
    )
    .unwrap();
    let r = lint(t.path(), &[&"--baseline", &t.path().join("b.json")]);
    assert_eq!(r.code, 2);
    assert!(!r.stdout.contains("SECRET-TOKEN") && !r.stderr.contains("SECRET-TOKEN"));
    assert!(diags(&r).iter().any(|(c, _)| c == "baseline-error"));
}

// ---- suppressions (item 11 and own attacks) ----------------------------------------------------

/// A checkov skip inside a heredoc in the resource would cover the whole block if it were read
/// as a comment: it is string content, so the finding fails and nothing is reported about it.
#[test]
fn suppression_inside_a_heredoc_is_not_a_comment() {
    let t = tree(&[(
        "main.tf",
        b"resource \"aws_kms_key\" \"k\" {\n  description = <<EOT\n#checkov:skip=CKV_AWS_7:in a string\n# pe-lint:ignore PE001 reason=\"in a string\"\nEOT\n  enable_key_rotation = false\n  tags = { Project = \"p\", Env = \"prod\", Owner = \"o\", CostCenter = \"c\" }\n}\n",
    )]);
    let r = check(t.path());
    assert_eq!(r.code, 1, "{}", r.stdout);
    assert_eq!(statuses(&r), ["fail"]);
}

/// A reason spanning lines (a block comment) would forge report lines (`::error::` in GitHub,
/// a fake finding in the human report): it is kept on one line everywhere.
#[test]
fn suppression_reason_with_newlines_stays_on_one_line() {
    let t = tree(&[(
        "main.tf",
        b"/* pe-lint:ignore PE001 reason=\"ok\n::error file=main.tf::forged\n\x1b[2Jx\" */\nresource \"aws_kms_key\" \"k\" {\n  enable_key_rotation = false\n  tags = { Project = \"p\", Env = \"prod\", Owner = \"o\", CostCenter = \"c\" }\n}\n",
    )]);
    let r = check(t.path());
    assert_eq!(r.code, 0, "{}", r.stdout);
    let reason = &r.json()["findings"][0]["suppression"]["reason"];
    assert_eq!(reason, "ok ::error file=main.tf::forged  [2Jx");
    for format in ["github", "human"] {
        let out = pe_lint(
            &[&t.path(), &"--format", &format, &"--show-suppressed"],
            &[],
        );
        assert!(
            !out.stdout.lines().any(|l| l.starts_with("::error")),
            "{format}: {}",
            out.stdout
        );
        assert!(!out.stdout.contains('\x1b'), "{format}");
        assert!(out.stdout.contains("forged"), "{format}: reason missing");
    }
}

/// Wildcard, id-less and case-variant forms of every tool, each on the line before the
/// resource: none silences the finding, and each is a warning at its line.
#[test]
fn wildcard_and_idless_forms_silence_nothing() {
    for comment in [
        "#tfsec:ignore",
        "#tfsec:ignore:*",
        "#tfsec:ignore:aws-*",
        "#trivy:ignore:*",
        "#trivy:ignore",
        "#checkov:skip=*:all of them",
        "#checkov:skip=CKV_AWS_*:all of them",
        "#checkov:skip",
        "# pe-lint:ignore * reason=\"all\"",
        "# pe-lint:ignore PE00* reason=\"all\"",
        "# PE-LINT:IGNORE PE001 reason=\"shouting\"",
        "#TFSEC:IGNORE:aws-kms-auto-rotate-keys reason",
        "#CHECKOV:SKIP=CKV_AWS_7:upper case",
    ] {
        let text = format!(
            "# padding\n{comment}\nresource \"aws_kms_key\" \"k\" {{\n  enable_key_rotation = false\n  tags = {{ Project = \"p\", Env = \"prod\", Owner = \"o\", CostCenter = \"c\" }}\n}}\n"
        );
        let t = tree(&[("main.tf", text.as_bytes())]);
        let r = check(t.path());
        assert_eq!(statuses(&r), ["fail"], "{comment}");
        let v = r.json();
        let warned = v["diagnostics"].as_array().unwrap().iter().any(|d| {
            d["code"] == "ignored-suppression" && d["line"] == 2 && d["severity"] == "warning"
        });
        assert!(warned, "{comment}: {:#}", v["diagnostics"]);
    }
}

/// A trailing suppression on the closing line of one resource, right before another resource
/// on the next line, covers the first only.
#[test]
fn trailing_suppression_does_not_reach_the_next_resource() {
    let t = tree(&[(
        "main.tf",
        b"resource \"aws_kms_key\" \"a\" {\n  enable_key_rotation = false\n  tags = { Project = \"p\", Env = \"prod\", Owner = \"o\", CostCenter = \"c\" }\n} # pe-lint:ignore PE001 reason=\"a only\"\nresource \"aws_kms_key\" \"b\" {\n  enable_key_rotation = false\n  tags = { Project = \"p\", Env = \"prod\", Owner = \"o\", CostCenter = \"c\" }\n}\n",
    )]);
    let r = check(t.path());
    assert_eq!(r.code, 1);
    let v = r.json();
    let by_res: Vec<(String, String)> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["resource"].as_str().unwrap().to_string(),
                f["status"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert!(by_res.contains(&("aws_kms_key.a".into(), "suppressed".into())));
    assert!(by_res.contains(&("aws_kms_key.b".into(), "fail".into())));
}

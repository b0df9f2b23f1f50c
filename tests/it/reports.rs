//! Report formats (issue 6): snapshots of every format on the example infrastructure, schema
//! validation of the JSON and SARIF reports, determinism across thread counts, escaping, and
//! the evidence directory.
//!
//! Snapshots live in tests/it/snapshots; after an intended change run
//! `INSTA_UPDATE=always cargo test --test it reports::` (or `cargo insta review`) and commit
//! them.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use std::process::Command;

use serde_json::Value as J;

use pe_lint::internals::report::{self, Report};
use pe_lint::internals::rules::{Status, Suppression, Verdict};
use pe_lint::internals::source::{Loc, SourceFile, Sources, Span};
use pe_lint::internals::terraform::Model;

use crate::common::{repo, shared};

const EXAMPLE: &str = "testdata/photo-editor/infrastructure";
const ESCAPING: &str = "testdata/reports/escaping";
const EPOCH: &str = "1700000000";
/// Inside `../shared`.
const SARIF_SCHEMA: &str = "schemas/sarif-schema-2.1.0.json";
const FORMATS: [&str; 5] = ["json", "sarif", "markdown", "github", "junit"];

fn pe_lint() -> Command {
    let mut c = crate::common::pe_lint();
    // The human report wraps to `COLUMNS`.
    c.current_dir(repo())
        .env("SOURCE_DATE_EPOCH", EPOCH)
        .env_remove("COLUMNS");
    c
}

/// Run pe-lint and return stdout (exit codes 0 and 1 are both fine here).
fn run(args: &[&str]) -> String {
    let out = pe_lint().args(args).output().unwrap();
    let code = out.status.code();
    assert!(
        matches!(code, Some(0 | 1)),
        "exit {code:?}\nstdout:\n{}\nstderr:\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn format(path: &str, format: &str, jobs: &str) -> String {
    run(&[path, "--format", format, "--jobs", jobs])
}

/// The git commit line changes with every commit: keep the row, drop the value.
fn redact_git(md: &str) -> String {
    md.lines()
        .map(|l| {
            if l.starts_with("| Git commit |") {
                "| Git commit | [redacted] |".to_string()
            } else {
                l.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
        + "\n"
}

/// SARIF rule prose comes from rules/*.hcl and is checked by `sarif_rules_carry_the_policy_docs`;
/// the snapshot keeps its shape without churning on every doc edit.
fn redact_rule_prose(mut sarif: J) -> J {
    for rule in sarif["runs"][0]["tool"]["driver"]["rules"]
        .as_array_mut()
        .unwrap()
    {
        for key in ["shortDescription", "fullDescription"] {
            rule[key]["text"] = J::from("[from rules/*.hcl]");
        }
        rule["help"]["text"] = J::from("[from rules/*.hcl]");
        rule["help"]["markdown"] = J::from("[meta::render_doc]");
        rule["properties"]["requirement"] = J::from("[from rules/*.hcl]");
    }
    sarif
}

fn compile(schema_path: &Path) -> Option<jsonschema::Validator> {
    let text = match std::fs::read_to_string(schema_path) {
        Ok(t) => t,
        Err(e) => {
            println!(
                "skipping validation: cannot read {}: {e}",
                schema_path.display()
            );
            return None;
        }
    };
    let schema: J = serde_json::from_str(&text).unwrap();
    Some(jsonschema::validator_for(&schema).expect("schema compiles"))
}

fn assert_valid(v: &jsonschema::Validator, doc: &J, what: &str) {
    let errors: Vec<String> = v
        .iter_errors(doc)
        .map(|e| format!("{}: {e}", e.instance_path()))
        .collect();
    assert!(
        errors.is_empty(),
        "{what} is invalid:\n{}",
        errors.join("\n")
    );
}

fn manifest(p: &str) -> PathBuf {
    repo().join(p)
}

// ---------------------------------------------------------------------------------------------
// Snapshots

#[test]
fn snapshot_json() {
    let mut v: J = serde_json::from_str(&format(EXAMPLE, "json", "1")).unwrap();
    // The checkout's commit changes with every commit.
    if v["scan"]["git_commit"].is_string() {
        v["scan"]["git_commit"] = J::from("[redacted]");
    }
    insta::assert_json_snapshot!("example_json", v);
}

#[test]
fn snapshot_sarif() {
    let v: J = serde_json::from_str(&format(EXAMPLE, "sarif", "1")).unwrap();
    insta::assert_json_snapshot!("example_sarif", redact_rule_prose(v));
}

#[test]
fn snapshot_markdown() {
    insta::assert_snapshot!(
        "example_markdown",
        redact_git(&format(EXAMPLE, "markdown", "1"))
    );
}

#[test]
fn snapshot_github() {
    insta::assert_snapshot!("example_github", format(EXAMPLE, "github", "1"));
}

#[test]
fn snapshot_junit() {
    insta::assert_snapshot!("example_junit", format(EXAMPLE, "junit", "1"));
}

#[test]
fn snapshot_human() {
    let text = run(&[EXAMPLE, "--jobs", "1", "--no-color"]);
    let re = regex::Regex::new(r"checked in [0-9.]+s").unwrap();
    insta::assert_snapshot!(
        "example_human",
        re.replace_all(&text, "checked in [elapsed]s")
    );
}

// ---------------------------------------------------------------------------------------------
// Schemas

#[test]
fn json_report_matches_its_schema() {
    let v = compile(&manifest("docs/report.schema.json")).expect("docs/report.schema.json");
    for path in [
        EXAMPLE,
        ESCAPING,
        "testdata/cli/broken",
        "testdata/cli/clean",
    ] {
        let out = pe_lint().args([path, "--format", "json"]).output().unwrap();
        let doc: J = serde_json::from_slice(&out.stdout).unwrap();
        assert_valid(&v, &doc, path);
    }
    // A suppressed finding carries its suppression (synthetic: see `synthetic`).
    let (sources, verdicts) = synthetic();
    let model = Model::default();
    let r = report_of(&sources, &model, &verdicts);
    let doc: J = serde_json::from_str(&report::json::render(&r)).unwrap();
    assert_valid(&v, &doc, "synthetic report");
    assert_eq!(doc["findings"][2]["suppression"]["reason"], "accepted risk");
}

#[test]
fn sarif_matches_the_oasis_schema() {
    let Some(schema) = shared(SARIF_SCHEMA) else {
        return;
    };
    let Some(v) = compile(&schema) else {
        return;
    };
    for args in [
        vec![EXAMPLE],
        vec![EXAMPLE, "--sarif-category", "pe-lint/prod"],
        vec![ESCAPING],
        vec!["testdata/cli/broken"],
        vec!["testdata/cli/clean"],
    ] {
        let out = pe_lint()
            .args(&args)
            .args(["--format", "sarif"])
            .output()
            .unwrap();
        let doc: J = serde_json::from_slice(&out.stdout).unwrap();
        assert_valid(&v, &doc, &args.join(" "));
    }
    let (sources, verdicts) = synthetic();
    let model = Model::default();
    let r = report_of(&sources, &model, &verdicts);
    let doc: J = serde_json::from_str(&report::sarif::render(&r)).unwrap();
    assert_valid(&v, &doc, "synthetic report");
}

#[test]
fn sarif_records_category_notifications_and_suppressions() {
    let doc: J = serde_json::from_str(&run(&[
        EXAMPLE,
        "--format",
        "sarif",
        "--sarif-category",
        "pe-lint/prod",
    ]))
    .unwrap();
    let run0 = &doc["runs"][0];
    assert_eq!(run0["automationDetails"]["id"], "pe-lint/prod/");
    assert_eq!(run0["invocations"][0]["executionSuccessful"], true);
    let results = run0["results"].as_array().unwrap();
    assert_eq!(results.len(), 8);
    for res in results {
        let idx = res["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(
            run0["tool"]["driver"]["rules"][idx]["id"], res["ruleId"],
            "ruleIndex points at the rule"
        );
        let loc = &res["locations"][0];
        assert_eq!(
            loc["physicalLocation"]["artifactLocation"]["uriBaseId"],
            "%SRCROOT%"
        );
        assert_eq!(loc["logicalLocations"][0]["kind"], "resource");
        for k in ["startLine", "startColumn", "endLine", "endColumn"] {
            assert!(loc["physicalLocation"]["region"][k].as_u64().unwrap() >= 1);
        }
    }

    // Parse errors become tool execution notifications with locations.
    let out = pe_lint()
        .args(["testdata/cli/broken", "--format", "sarif"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let doc: J = serde_json::from_slice(&out.stdout).unwrap();
    let inv = &doc["runs"][0]["invocations"][0];
    assert_eq!(inv["executionSuccessful"], false);
    let n = &inv["toolExecutionNotifications"][0];
    assert_eq!(n["level"], "error");
    assert_eq!(n["descriptor"]["id"], "parse-error");
    assert_eq!(
        n["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        "testdata/cli/broken/bad.tf"
    );

    // Suppressions.
    let (sources, verdicts) = synthetic();
    let model = Model::default();
    let r = report_of(&sources, &model, &verdicts);
    let doc: J = serde_json::from_str(&report::sarif::render(&r)).unwrap();
    let res = &doc["runs"][0]["results"][2];
    assert_eq!(res["level"], "error", "level of the original status");
    assert_eq!(res["suppressions"][0]["kind"], "inSource");
    assert_eq!(res["suppressions"][0]["justification"], "accepted risk");
    assert_eq!(res["suppressions"][0]["properties"]["until"], "2030-01-01");
    assert_eq!(doc["runs"][0]["results"][1]["level"], "warning");
}

#[test]
fn sarif_rules_carry_the_policy_docs() {
    let doc: J = serde_json::from_str(&format(EXAMPLE, "sarif", "1")).unwrap();
    let rules = doc["runs"][0]["tool"]["driver"]["rules"]
        .as_array()
        .unwrap();
    assert_eq!(rules.len(), pe_lint::internals::rules::meta::BUILTIN.len());
    for (rule, m) in rules
        .iter()
        .zip(pe_lint::internals::rules::meta::BUILTIN.iter())
    {
        assert_eq!(rule["id"], m.id.as_str());
        assert_eq!(rule["name"], m.name.as_str());
        assert_eq!(
            rule["help"]["markdown"],
            pe_lint::internals::rules::meta::render_doc(m, None)
        );
        assert!(rule["helpUri"].as_str().unwrap().starts_with("https://"));
        assert!(rule["fullDescription"]["text"].as_str().unwrap().len() <= 1024);
        let sev: f64 = rule["properties"]["security-severity"]
            .as_str()
            .unwrap()
            .parse()
            .unwrap();
        assert!(sev > 0.0 && sev <= 10.0);
    }
}

/// Fingerprints depend on the rule, the address and what was found, not on where the line is:
/// adding lines above a finding keeps them.
#[test]
fn sarif_fingerprints_survive_unrelated_edits() {
    let tmp = tempfile::tempdir().unwrap();
    let src = std::fs::read_to_string(manifest(ESCAPING).join("main.tf")).unwrap();
    let fingerprints = |text: &str| -> Vec<(String, u64)> {
        std::fs::write(tmp.path().join("main.tf"), text).unwrap();
        let out = pe_lint()
            .arg(tmp.path())
            .args(["--format", "sarif"])
            .output()
            .unwrap();
        let doc: J = serde_json::from_slice(&out.stdout).unwrap();
        doc["runs"][0]["results"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| {
                (
                    r["partialFingerprints"]["peLintFinding/v2"]
                        .as_str()
                        .unwrap()
                        .to_string(),
                    r["locations"][0]["physicalLocation"]["region"]["startLine"]
                        .as_u64()
                        .unwrap(),
                )
            })
            .collect()
    };
    let before = fingerprints(&src);
    let after = fingerprints(&format!(
        "# a comment\n\nlocals {{\n  x = 1\n}}\n\n{}",
        src.replace("  description", "      description")
    ));
    assert_eq!(before.len(), 2);
    assert_eq!(
        before.iter().map(|f| &f.0).collect::<Vec<_>>(),
        after.iter().map(|f| &f.0).collect::<Vec<_>>()
    );
    assert_ne!(before[0].1, after[0].1, "the lines did move");
    assert_ne!(before[0].0, before[1].0, "different rules differ");
}

// ---------------------------------------------------------------------------------------------
// Determinism

#[test]
fn output_is_identical_at_any_thread_count() {
    for f in FORMATS {
        let one = format(EXAMPLE, f, "1");
        let two = format(EXAMPLE, f, "2");
        assert!(one == two, "--format {f} differs between --jobs 1 and 2");
        assert_eq!(one, format(EXAMPLE, f, "2"), "--format {f} run to run");
    }
}

// ---------------------------------------------------------------------------------------------
// Evidence directory

#[test]
fn evidence_dir_writes_three_reports_atomically() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("docs/evidence/compliance");
    let out = pe_lint()
        .args([
            EXAMPLE,
            "--jobs",
            "2",
            "--format",
            "github",
            "--evidence-dir",
        ])
        .arg(&dir)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    // --format still prints to stdout.
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("::error "));
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(
        names,
        ["report.json", "report.md", "report.sarif"],
        "no temp files left"
    );
    let read = |n: &str| std::fs::read_to_string(dir.join(n)).unwrap();
    assert_eq!(read("report.json"), format(EXAMPLE, "json", "1"));
    assert_eq!(read("report.sarif"), format(EXAMPLE, "sarif", "1"));
    assert_eq!(read("report.md"), format(EXAMPLE, "markdown", "1"));

    // Re-running replaces the files.
    std::fs::write(dir.join("report.md"), "stale").unwrap();
    pe_lint()
        .args([EXAMPLE, "--format", "json", "--evidence-dir"])
        .arg(&dir)
        .output()
        .unwrap();
    assert_eq!(read("report.md"), format(EXAMPLE, "markdown", "1"));
}

#[test]
fn unwritable_evidence_dir_is_exit_2() {
    let tmp = tempfile::tempdir().unwrap();
    let file = tmp.path().join("not-a-dir");
    std::fs::write(&file, "").unwrap();
    let out = pe_lint()
        .args([EXAMPLE, "--format", "json", "--evidence-dir"])
        .arg(&file)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("cannot write evidence"));
}

// ---------------------------------------------------------------------------------------------
// Escaping

/// Three verdicts on a one-file source: a fail whose message has a newline and every special
/// character, an unresolved one, and a suppressed one.
fn synthetic() -> (Sources, Vec<Verdict>) {
    let mut sources = Sources::default();
    let text = "resource \"aws_kms_key\" \"k\" {\n  enable_key_rotation = false\n}\n";
    let fid = sources.add(SourceFile::new(
        PathBuf::from("synthetic/main.tf"),
        Arc::from(text),
    ));
    let loc = Loc {
        file: Some(fid),
        span: Span::new(31, 58),
    };
    let verdict = |rule: &'static str, status: Status, message: &str| Verdict {
        rule_id: rule.into(),
        status,
        address: "aws_kms_key.k".into(),
        module: String::new(),
        rtype: "aws_kms_key".into(),
        loc,
        message: message.into(),
        fix: "set `a | b` to <x> & y".into(),
        suppression: None,
        root: "synthetic".into(),
        related: Vec::new(),
        configured: None,
    };
    let mut suppressed = verdict("PE006", Status::Suppressed, "tags | missing");
    suppressed.suppression = Some(Suppression {
        kind: "inline",
        reason: "accepted risk".into(),
        until: Some("2030-01-01".into()),
        loc: Some(Loc {
            file: Some(fid),
            span: Span::new(0, 8),
        }),
        original: Status::Fail,
    });
    let verdicts = vec![
        verdict(
            "PE001",
            Status::Fail,
            "line one\r\nline two: 100% bad, a | b <c> & d",
        ),
        verdict("PE001", Status::Unresolved, "depends on var.x"),
        suppressed,
    ];
    (sources, verdicts)
}

fn report_of<'a>(sources: &'a Sources, model: &'a Model, verdicts: &'a [Verdict]) -> Report<'a> {
    Report {
        sources,
        model,
        verdicts,
        diagnostics: &[],
        roots: vec!["synthetic".into()],
        environment: Some("prod".into()),
        files: 1,
        started_at: Some("2023-11-14T22:13:20Z".into()),
        elapsed: std::time::Duration::ZERO,
        color: false,
        sarif_category: None,
        severities: Default::default(),
        strict: false,
        run: Default::default(),
        rules: pe_lint::internals::rules::meta::builtin_set(),
    }
}

#[test]
fn github_commands_are_escaped() {
    let (sources, verdicts) = synthetic();
    let model = Model::default();
    let r = report_of(&sources, &model, &verdicts);
    let text = report::github::render(&r);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(
        lines.len(),
        3,
        "fail, unresolved, and suppressed (a notice with its reason):\n{text}"
    );
    assert_eq!(
        lines[0],
        "::error file=synthetic/main.tf,line=2,col=3,endLine=2,endColumn=30,\
         title=PE001 kms-key-rotation::line one%0D%0Aline two: 100%25 bad, a | b <c> & d\
         %0Afix: set `a | b` to <x> & y"
    );
    assert!(lines[1].starts_with("::warning file=synthetic/main.tf,"));
    assert!(
        lines[2].starts_with("::notice file=synthetic/main.tf,")
            && lines[2].contains("::suppressed (inline): accepted risk%0A"),
        "{}",
        lines[2]
    );

    // Through the binary: `:` `,` and `%` in a property are escaped, in the message they are not
    // (except `%`).
    let out = format(ESCAPING, "github", "1");
    let first = out.lines().next().unwrap();
    assert!(
        first.starts_with(
            "::error file=testdata/reports/escaping/main.tf,line=3,col=1,endLine=3,endColumn=27,\
             title=PE001 kms-key-rotation::aws_kms_key.k[\"a|b,c:d%25e<f&g\"]:"
        ),
        "{first}"
    );
    let pos = report::Position {
        file: "a:b,c%d\n.tf".into(),
        line: 1,
        column: 1,
        end_line: 1,
        end_column: 2,
    };
    assert_eq!(
        report::github::command("error", Some(&pos), "T: x, y", "m"),
        "::error file=a%3Ab%2Cc%25d%0A.tf,line=1,col=1,endLine=1,endColumn=2,title=T%3A x%2C y::m\n"
    );
}

#[test]
fn junit_is_escaped_xml() {
    let (sources, verdicts) = synthetic();
    let model = Model::default();
    let r = report_of(&sources, &model, &verdicts);
    let xml = report::junit::render(&r);
    assert!(
        xml.contains("message=\"line one&#13;&#10;line two: 100% bad, a | b &lt;c&gt; &amp; d\""),
        "{xml}"
    );
    assert!(
        xml.contains("fix: set `a | b` to &lt;x&gt; &amp; y</failure>"),
        "{xml}"
    );
    assert!(xml.contains("<skipped message=\"unresolved: depends on var.x\"/>"));
    assert!(xml.contains("<skipped message=\"suppressed: accepted risk (tags | missing)\"/>"));
    assert_no_raw_specials(&xml);

    let xml = format(ESCAPING, "junit", "1");
    assert!(
        xml.contains("name=\"aws_kms_key.k[&quot;a|b,c:d%e&lt;f&amp;g&quot;]\""),
        "{xml}"
    );
    assert_no_raw_specials(&xml);
    // Passes are test cases too.
    let xml = format(EXAMPLE, "junit", "1");
    assert!(xml.contains("tests=\"105\" failures=\"8\" errors=\"0\" skipped=\"0\""));
}

/// Every `<` starts a tag and every `&` an entity.
fn assert_no_raw_specials(xml: &str) {
    let re_amp = regex::Regex::new(r"&(amp|lt|gt|quot|apos|#[0-9]+);").unwrap();
    assert_eq!(
        re_amp.find_iter(xml).count(),
        xml.matches('&').count(),
        "bare & in {xml}"
    );
    let re_tag = regex::Regex::new(r"<[/?!]?[A-Za-z]").unwrap();
    assert_eq!(
        re_tag.find_iter(xml).count(),
        xml.matches('<').count(),
        "bare < in {xml}"
    );
}

/// Each table's rows have as many cells as its header, counting only unescaped pipes.
fn assert_tables_well_formed(md: &str) {
    let cells = |l: &str| l.replace("\\|", "").matches('|').count();
    let mut width = None;
    for line in md.lines() {
        if line.starts_with('|') {
            let n = cells(line);
            match width {
                None => width = Some(n),
                Some(w) => assert_eq!(n, w, "row has the wrong number of cells: {line}"),
            }
        } else {
            width = None;
        }
    }
}

#[test]
fn markdown_tables_escape_pipes() {
    let (sources, verdicts) = synthetic();
    let model = Model::default();
    let r = report_of(&sources, &model, &verdicts);
    let md = report::markdown::render(&r);
    assert_tables_well_formed(&md);
    assert!(
        md.contains("| `aws_kms_key.k` | `synthetic/main.tf:2` | line one<br>line two: 100% bad, a \\| b &lt;c&gt; &amp; d | set `a \\| b` to &lt;x&gt; &amp; y |"),
        "{md}"
    );
    assert!(md.contains("accepted risk"), "justification shown:\n{md}");
    assert!(md.contains("2030-01-01"));

    let md = format(ESCAPING, "markdown", "1");
    assert_tables_well_formed(&md);
    assert!(md.contains("`aws_kms_key.k[\"a\\|b,c:d%e<f&g\"]`"), "{md}");
    assert_tables_well_formed(&format(EXAMPLE, "markdown", "1"));
}

#[test]
fn markdown_has_the_evidence_sections() {
    let md = format(EXAMPLE, "markdown", "1");
    for needle in [
        "**Result: ❌ FAIL**",
        "| Generated | 2023-11-14T22:13:20Z |",
        "### PE001 kms-key-rotation",
        "| `module.kms.aws_kms_key.logs` | `testdata/photo-editor/infrastructure/modules/kms/main.tf:42` |",
        "### KMS keys",
        "### S3 buckets",
        "### SQS queues",
        "### Lambda functions",
        "### CloudWatch log groups",
        "### CloudWatch alarms",
        "| `module.sqs.aws_sqs_queue.thumbnail` | photo-editor-prod-thumbnail | `module.sqs.aws_sqs_queue.thumbnail_dlq` | 5 |",
        "AWS/SQS / ApproximateAgeOfOldestMessage",
    ] {
        assert!(md.contains(needle), "missing {needle:?} in:\n{md}");
    }
    if Path::new(env!("CARGO_MANIFEST_DIR")).join(".git").exists() {
        assert!(md.contains("| Git commit | `"), "{md}");
    }
}

/// The JSON report prints its findings in parallel and splices them in: the bytes must be those
/// of printing the whole document at once (findings with escapes, nested suppressions).
#[test]
fn json_report_is_the_document_printed_at_once() {
    let (sources, verdicts) = synthetic();
    let model = Model::default();
    let r = report_of(&sources, &model, &verdicts);
    let whole = serde_json::to_string_pretty(&report::json::value(&r)).unwrap() + "\n";
    assert_eq!(report::json::render(&r), whole);
    let none = report_of(&sources, &model, &[]);
    let whole = serde_json::to_string_pretty(&report::json::value(&none)).unwrap() + "\n";
    assert_eq!(report::json::render(&none), whole);
    let diagnostics = [
        pe_lint::internals::diag::Diagnostic::error(
            "parse-error",
            "unexpected \"}\"\n  \"findings\": []",
        ),
        pe_lint::internals::diag::Diagnostic::warning("file-access", "refused"),
    ];
    let mut with_diags = report_of(&sources, &model, &verdicts);
    with_diags.diagnostics = &diagnostics;
    let whole = serde_json::to_string_pretty(&report::json::value(&with_diags)).unwrap() + "\n";
    assert_eq!(report::json::render(&with_diags), whole);
}

/// A module called by two roots with the same value: the same finding twice, at one place.
const LOGS_MODULE: &str = "variable \"days\" {\n  type = number\n}\nresource \"aws_cloudwatch_log_group\" \"g\" {\n  name              = \"g\"\n  retention_in_days = var.days\n}\n";
const LOGS_CALLER: &str = "module \"logs\" {\n  source = \"../../modules/logs\"\n  days   = 7\n}\n";

fn two_roots() -> tempfile::TempDir {
    crate::common::write_tree(&[
        ("modules/logs/main.tf", LOGS_MODULE),
        ("envs/a/main.tf", LOGS_CALLER),
        ("envs/b/main.tf", LOGS_CALLER),
    ])
}

fn run_in(dir: &Path, args: &[&str]) -> String {
    let out = pe_lint()
        .current_dir(dir)
        .args(["--env", "prod", "--check", "PE005"])
        .env("COLUMNS", "200")
        .args(args)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    String::from_utf8(out.stdout).unwrap()
}

/// #20 item 20: the same module checked through two roots gives two findings at one place;
/// every format says which root each was evaluated under.
#[test]
fn findings_name_the_root_they_were_evaluated_under() {
    let dir = two_roots();
    let doc: J = serde_json::from_str(&run_in(dir.path(), &[".", "--format", "json"])).unwrap();
    let got: Vec<(String, String, u64, String)> = doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["file"].as_str().unwrap().to_string(),
                f["resource"].as_str().unwrap().to_string(),
                f["line"].as_u64().unwrap(),
                f["root"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let at = |root: &str| {
        (
            "modules/logs/main.tf".to_string(),
            "module.logs.aws_cloudwatch_log_group.g".to_string(),
            6,
            root.to_string(),
        )
    };
    assert_eq!(got, [at("envs/a"), at("envs/b")]);

    let sarif: J = serde_json::from_str(&run_in(dir.path(), &[".", "--format", "sarif"])).unwrap();
    let results = sarif["runs"][0]["results"].as_array().unwrap();
    let fp: Vec<&str> = results
        .iter()
        .map(|r| {
            r["partialFingerprints"]["peLintFinding/v2"]
                .as_str()
                .unwrap()
        })
        .collect();
    assert_eq!(fp.len(), 2);
    assert_ne!(fp[0], fp[1]);
    assert!(
        fp.iter().all(|f| f.contains("/root:") && f.ends_with(":1")),
        "{fp:?}"
    );
    let roots: Vec<&str> = results
        .iter()
        .map(|r| r["properties"]["root"].as_str().unwrap())
        .collect();
    assert_eq!(roots, ["envs/a", "envs/b"]);
    assert!(results[1]["message"]["text"]
        .as_str()
        .unwrap()
        .ends_with("\nEvaluated under root envs/b."));

    let human = run_in(dir.path(), &["."]);
    assert!(human.contains("(via root envs/a)"), "{human}");
    assert!(human.contains("(via root envs/b)"), "{human}");
    let md = run_in(dir.path(), &[".", "--format", "markdown"]);
    assert!(
        md.contains("| Resource | Location | Root | Finding | Fix |")
            && md.contains("| `envs/b` |"),
        "{md}"
    );
}

/// A file only one root evaluates keeps its fingerprint (baselines and earlier uploads know
/// it) and its message; the root is still in the result's properties.
#[test]
fn a_single_root_keeps_its_fingerprint() {
    let dir = crate::common::write_tree(&[
        ("modules/logs/main.tf", LOGS_MODULE),
        ("envs/a/main.tf", LOGS_CALLER),
    ]);
    let sarif: J = serde_json::from_str(&run_in(dir.path(), &[".", "--format", "sarif"])).unwrap();
    let r = &sarif["runs"][0]["results"][0];
    let fp = r["partialFingerprints"]["peLintFinding/v2"]
        .as_str()
        .unwrap();
    assert!(fp.starts_with("sha256:") && !fp.contains("/root:"), "{fp}");
    assert_eq!(r["properties"]["root"], "envs/a");
    assert!(!r["message"]["text"]
        .as_str()
        .unwrap()
        .contains("Evaluated under"));
    let human = run_in(dir.path(), &["."]);
    assert!(!human.contains("via root"), "{human}");
}

/// One root with two var files given as paths: two evaluations, each finding names its file.
#[test]
fn findings_name_the_var_files_they_were_evaluated_with() {
    let dir = crate::common::write_tree(&[
        (
            "infra/main.tf",
            "variable \"days\" {\n  type = number\n}\nresource \"aws_cloudwatch_log_group\" \"g\" {\n  name              = \"g\"\n  retention_in_days = var.days\n}\n",
        ),
        ("infra/envs/prod.tfvars", "days = 7\n"),
        ("infra/envs/dev.tfvars", "days = 1\n"),
    ]);
    let doc: J = serde_json::from_str(&run_in(
        dir.path(),
        &[
            "infra",
            "infra/envs/prod.tfvars",
            "infra/envs/dev.tfvars",
            "--format",
            "json",
        ],
    ))
    .unwrap();
    let got: Vec<(String, String, J)> = doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["status"].as_str().unwrap().to_string(),
                f["root"].as_str().unwrap().to_string(),
                f["var_files"].clone(),
            )
        })
        .collect();
    let one = |status: &str, files: J| (status.to_string(), "infra".to_string(), files);
    assert_eq!(
        got,
        [
            one("fail", serde_json::json!(["infra/envs/dev.tfvars"])),
            one("fail", serde_json::json!(["infra/envs/prod.tfvars"])),
            one("unresolved", serde_json::json!([])),
        ]
    );
}

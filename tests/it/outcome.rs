//! One model of a finding's level and of the run's outcome feeds all six formats: every rule
//! fixture (and each with its rule configured down to a warning) is rendered in every format,
//! and the formats must agree on the findings, their levels and the outcome. Runs of the
//! binary check the exit code, the summary on standard error, and runs that checked nothing.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use pe_lint::internals::lint::{load, Options};
use pe_lint::internals::report::{self, FindingLevel, Outcome, Report, RunInfo};
use pe_lint::internals::rules::settings::Level;
use pe_lint::internals::rules::{self, Settings};
use serde_json::Value;

use crate::common::{pe_lint, write_tree};

/// (rule, file, line, level) of every finding a format shows (suppressed ones left out).
type Shown = BTreeSet<(String, String, usize, String)>;

fn json_findings(text: &str) -> (Shown, u8) {
    let v: Value = serde_json::from_str(text).unwrap();
    let shown = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["status"] != "suppressed")
        .map(|f| {
            (
                f["rule_id"].as_str().unwrap().to_string(),
                f["file"].as_str().unwrap_or("").to_string(),
                f["line"].as_u64().unwrap_or(0) as usize,
                f["level"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    (shown, v["outcome"]["exit_code"].as_u64().unwrap() as u8)
}

fn sarif_findings(text: &str) -> (Shown, u8) {
    let v: Value = serde_json::from_str(text).unwrap();
    let run = &v["runs"][0];
    let shown = run["results"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r.get("suppressions").is_none())
        .map(|r| {
            let pl = &r["locations"][0]["physicalLocation"];
            (
                r["ruleId"].as_str().unwrap().to_string(),
                pl["artifactLocation"]["uri"]
                    .as_str()
                    .unwrap_or("")
                    .to_string(),
                pl["region"]["startLine"].as_u64().unwrap_or(0) as usize,
                r["level"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let code = run["invocations"][0]["exitCode"].as_u64().unwrap() as u8;
    (shown, code)
}

/// `::error file=a.tf,line=3,...,title=PE001 name::message`: the findings (titles that start
/// with a rule id) and whether any of them is an error.
fn github_findings(text: &str, rules: &BTreeSet<String>) -> Shown {
    let mut shown = Shown::new();
    for line in text.lines() {
        let Some(rest) = line.strip_prefix("::") else {
            continue;
        };
        let (kind, rest) = rest.split_once(' ').unwrap_or((rest, ""));
        let props = rest.split("::").next().unwrap_or("");
        let prop = |k: &str| {
            props
                .split(',')
                .find_map(|p| p.strip_prefix(&format!("{k}=")))
                .unwrap_or("")
                .to_string()
        };
        let rule = prop("title").split(' ').next().unwrap_or("").to_string();
        if !rules.contains(&rule) || kind == "notice" {
            continue;
        }
        let level = if kind == "error" { "error" } else { "warning" };
        let file = prop("file").replace("%2C", ",").replace("%3A", ":");
        shown.insert((rule, file, prop("line").parse().unwrap(), level.into()));
    }
    shown
}

/// miette's rendering under one header per rule (`PE001 name (docs): 2 failing`): `× [fail] …`
/// (error), `⚠ …` (warning) or `☞ …` (advice), then `╭─[file:line:col]`.
fn human_findings(text: &str, rules: &BTreeSet<String>) -> Shown {
    let mut shown = Shown::new();
    let (mut rule, mut level) = (None::<String>, None::<&str>);
    let mut last: Option<(String, String, usize, String)> = None;
    for line in text.lines() {
        let t = line.trim_start();
        // Another instance at the same place, shown without a snippet of its own.
        // (Same rule and status, so the same level.)
        if let (true, Some(l)) = (t.starts_with("↳ same place: ["), &last) {
            shown.insert(l.clone());
            continue;
        }
        if let Some(id) = t.split(' ').next().filter(|id| rules.contains(*id)) {
            if t.starts_with(id) {
                rule = Some(id.to_string());
                continue;
            }
        }
        if t.starts_with('×') {
            level = Some("error");
        } else if t.starts_with('⚠') {
            level = Some("warning");
        } else if t.starts_with("☞ [") {
            // A finding's line starts with its status; a bare `☞` is a related place
            // ("set here") of the finding above, not a finding.
            level = Some("note");
        } else if let Some(at) = t.strip_prefix("╭─[") {
            let (Some(r), Some(l)) = (rule.clone(), level.take()) else {
                continue;
            };
            if t.contains("] ") || !at.ends_with(']') {
                continue;
            }
            let mut parts = at.trim_end_matches(']').rsplitn(3, ':');
            let (_col, line, file) = (parts.next(), parts.next(), parts.next());
            if t.contains("[suppressed]") {
                continue;
            }
            let f = (
                r,
                file.unwrap().to_string(),
                line.unwrap().parse().unwrap(),
                l.to_string(),
            );
            last = Some(f.clone());
            shown.insert(f);
        }
    }
    shown
}

/// The Markdown requirement sections' failing, warning and unresolved tables.
fn markdown_findings(text: &str, r: &Report<'_>) -> Shown {
    let mut shown = Shown::new();
    let (mut rule, mut level) = (String::new(), None::<&str>);
    for line in text.lines() {
        if let Some(h) = line.strip_prefix("### ") {
            rule = h.split(' ').next().unwrap_or("").to_string();
            level = None;
        } else if line.starts_with("Failing resources:") {
            level = Some("error");
        } else if line.starts_with("Findings at severity info") {
            level = Some("note");
        } else if line.starts_with("Findings at severity") {
            level = Some("warning");
        } else if line.starts_with("Unresolved resources") {
            level = Some(if r.strict { "error" } else { "warning" });
        } else if line.starts_with("Suppressed findings") || line.starts_with("## ") {
            level = None;
        } else if let (Some(l), true) = (level, line.starts_with("| `")) {
            let at = line.split(" | ").nth(1).unwrap().trim_matches('`');
            let (file, n) = at.rsplit_once(':').unwrap();
            shown.insert((rule.clone(), file.into(), n.parse().unwrap(), l.into()));
        }
    }
    shown
}

/// JUnit test cases: `<failure>` is an error, `<system-out>` a finding below the failing
/// level, `<skipped message="unresolved…">` an unresolved warning.
fn junit_findings(text: &str, r: &Report<'_>) -> (Shown, usize) {
    let mut shown = Shown::new();
    let attr = |line: &str, k: &str| {
        line.split(&format!(" {k}=\""))
            .nth(1)
            .and_then(|s| s.split('"').next())
            .map(str::to_string)
    };
    let lines: Vec<&str> = text.lines().collect();
    for (i, line) in lines.iter().enumerate() {
        let t = line.trim_start();
        if !t.starts_with("<testcase ") || t.ends_with("/>") {
            continue;
        }
        let class = attr(t, "classname").unwrap_or_default();
        let rule = class.split('.').next().unwrap_or("").to_string();
        let body = lines.get(i + 1).map(|b| b.trim_start()).unwrap_or("");
        let level = if body.starts_with("<failure") {
            "error"
        } else if body.starts_with("<system-out>") {
            match r.severity_of(&rule) {
                Level::Info => "note",
                _ => "warning",
            }
        } else if body.starts_with("<skipped message=\"unresolved") {
            "warning"
        } else {
            continue;
        };
        if rule == "pe-lint" {
            continue;
        }
        let (Some(file), Some(n)) = (attr(t, "file"), attr(t, "line")) else {
            continue;
        };
        shown.insert((rule, file, n.parse().unwrap(), level.into()));
    }
    let failures = attr(lines[1], "failures").unwrap().parse().unwrap();
    (shown, failures)
}

fn markdown_result(text: &str) -> &str {
    text.lines()
        .find_map(|l| l.strip_prefix("**Result: "))
        .unwrap_or("")
}

/// Render `r` in every format and check they agree with each other and with the model.
fn check_agreement(name: &str, r: &Report<'_>) {
    let rules: BTreeSet<String> = rules::meta::builtin_set()
        .iter()
        .map(|m| m.id.to_string())
        .collect();
    let expected: Shown = r
        .findings()
        .filter(|v| v.status != rules::Status::Suppressed)
        .filter_map(|v| {
            let p = r.position(&v.loc)?;
            Some((
                v.rule_id.to_string(),
                p.file,
                p.line,
                r.level(v).as_str().to_string(),
            ))
        })
        .collect();
    let code = r.exit_code();
    let (json, json_code) = json_findings(&report::json::render(r));
    let (sarif, sarif_code) = sarif_findings(&report::sarif::render(r));
    let github = github_findings(&report::github::render(r), &rules);
    let human = human_findings(&report::human::render(r, false), &rules);
    let markdown = markdown_findings(&report::markdown::render(r), r);
    let (junit, junit_failures) = junit_findings(&report::junit::render(r), r);
    assert_eq!(json, expected, "{name}: JSON");
    assert_eq!(sarif, expected, "{name}: SARIF");
    // GitHub shows notes as notices, which are left out with suppressions.
    let loud: Shown = expected.iter().filter(|f| f.3 != "note").cloned().collect();
    assert_eq!(github, loud, "{name}: GitHub");
    assert_eq!(human, expected, "{name}: human");
    assert_eq!(markdown, expected, "{name}: Markdown");
    assert_eq!(junit, expected, "{name}: JUnit");
    assert_eq!((json_code, sarif_code), (code, code), "{name}: exit codes");
    let failed = r.outcome() == Outcome::Fail;
    assert_eq!(junit_failures > 0, failed, "{name}: JUnit failures");
    let result = markdown_result(&report::markdown::render(r)).to_string();
    assert_eq!(result.starts_with("❌ FAIL"), failed, "{name}: {result}");
    let summary = report::human::summary(r);
    assert_eq!(summary.contains(" failing ("), failed, "{name}: {summary}");
}

fn cases() -> Vec<PathBuf> {
    let mut out = Vec::new();
    for rule in std::fs::read_dir("testdata/rules").unwrap() {
        let rule = rule.unwrap().path();
        for kind in ["pass", "fail"] {
            let Ok(dir) = std::fs::read_dir(rule.join(kind)) else {
                continue;
            };
            out.extend(dir.map(|c| c.unwrap().path()).filter(|p| p.is_dir()));
        }
    }
    out.sort();
    out
}

/// The rule a fixture tests, from its path (`testdata/rules/PE005/fail/x`).
fn rule_of(case: &Path) -> String {
    case.components()
        .nth(2)
        .unwrap()
        .as_os_str()
        .to_string_lossy()
        .into_owned()
}

#[test]
fn every_format_agrees_on_every_fixture() {
    let cases = cases();
    assert!(cases.len() > 100, "{} cases", cases.len());
    for case in cases {
        let loaded = load(&Options::new(vec![case.clone()]));
        let verdicts = rules::run(&loaded.model, &Settings::default(), &loaded.sources).unwrap();
        let name = case.display().to_string();
        check_agreement(&name, &Report::of(&loaded, &verdicts));
        // The rule under test configured down to a warning (it no longer fails the run), to
        // info, and strict mode (unresolved findings fail it).
        for (severity, strict) in [
            (Level::Warning, false),
            (Level::Info, false),
            (Level::Error, true),
        ] {
            let r = Report {
                severities: BTreeMap::from([(rule_of(&case), severity)]),
                strict,
                run: RunInfo::default(),
                ..Report::of(&loaded, &verdicts)
            };
            check_agreement(&format!("{name} ({severity:?}, strict {strict})"), &r);
        }
    }
}

#[test]
fn a_level_is_error_exactly_when_it_fails_the_run() {
    let case = Path::new("testdata/rules/PE005/fail/missing_retention");
    let loaded = load(&Options::new(vec![case.to_path_buf()]));
    let verdicts = rules::run(&loaded.model, &Settings::default(), &loaded.sources).unwrap();
    let fail = verdicts
        .iter()
        .find(|v| v.rule_id == "PE005" && v.status == rules::Status::Fail)
        .expect("a PE005 failure");
    let with = |severity, fail_on| Report {
        severities: BTreeMap::from([("PE005".to_string(), severity)]),
        run: RunInfo {
            fail_on,
            ..RunInfo::default()
        },
        ..Report::of(&loaded, &verdicts)
    };
    let cases = [
        (Level::Error, Level::Error, FindingLevel::Error, 1),
        (Level::Warning, Level::Error, FindingLevel::Warning, 0),
        (Level::Warning, Level::Warning, FindingLevel::Error, 1),
        (Level::Info, Level::Warning, FindingLevel::Note, 0),
        (Level::Error, Level::Never, FindingLevel::Warning, 0),
    ];
    for (severity, fail_on, level, code) in cases {
        let r = with(severity, fail_on);
        assert_eq!(r.level(fail), level, "{severity:?} on {fail_on:?}");
        let others_fail = verdicts
            .iter()
            .any(|v| v.rule_id != "PE005" && r.level(v) == FindingLevel::Error);
        if !others_fail {
            assert_eq!(r.exit_code(), code, "{severity:?} on {fail_on:?}");
        }
    }
}

// ---------------------------------------------------------------------------------------------
// The binary: the configured severity, the summary on stderr, runs that check nothing.

const PE005_WARNING: &str = r#"rule "PE005" {
  severity = "warning"
}
"#;

const LOG_GROUP: &str = r#"variable "environment" {
  default = "prod"
}

resource "aws_cloudwatch_log_group" "app" {
  name              = "/photo-editor/app"
  retention_in_days = 7
  tags = {
    Project    = "photo-editor"
    Env        = "prod"
    Owner      = "team"
    CostCenter = "cc-1"
  }
}
"#;

const FORMATS: [&str; 6] = ["human", "json", "sarif", "markdown", "github", "junit"];

/// `PE_LINT_BIN` runs these against another build (to see them fail on one before a fix).
fn run_in(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let mut cmd = pe_lint();
    if let Some(bin) = std::env::var_os("PE_LINT_BIN") {
        cmd = std::process::Command::new(bin);
        cmd.env("NO_COLOR", "1").env_remove("TF_VAR_environment");
    }
    let out = cmd.current_dir(dir).args(args).output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn a_rule_configured_as_a_warning_is_a_warning_in_every_format() {
    let tree = write_tree(&[("main.tf", LOG_GROUP), (".pe-lint.hcl", PE005_WARNING)]);
    let dir = tree.path();
    let mut outputs = BTreeMap::new();
    for format in FORMATS {
        let (code, stdout, stderr) = run_in(dir, &["--format", format, "."]);
        assert_eq!(
            code, 0,
            "{format}: a warning does not fail the run\n{stdout}\n{stderr}"
        );
        outputs.insert(format, stdout);
    }
    let human = &outputs["human"];
    assert!(
        human.contains("⚠ [warning] aws_cloudwatch_log_group.app"),
        "{human}"
    );
    assert!(!human.contains("× ["), "{human}");
    assert!(
        human.contains("pe-lint: no failures, 1 warning (PE005×1), 0 unresolved, 0 suppressed"),
        "{human}"
    );
    let github = &outputs["github"];
    assert!(
        github.starts_with("::warning file=main.tf,line=7,"),
        "{github}"
    );
    assert!(!github.contains("::error"), "{github}");
    let sarif: Value = serde_json::from_str(&outputs["sarif"]).unwrap();
    assert_eq!(sarif["runs"][0]["results"][0]["level"], "warning");
    assert_eq!(sarif["runs"][0]["invocations"][0]["exitCode"], 0);
    let json: Value = serde_json::from_str(&outputs["json"]).unwrap();
    assert_eq!(json["findings"][0]["severity"], "warning");
    assert_eq!(json["findings"][0]["level"], "warning");
    assert_eq!(
        json["outcome"],
        serde_json::json!({"result": "pass", "exit_code": 0})
    );
    let md = &outputs["markdown"];
    assert_eq!(markdown_result(md), "✅ PASS with warnings**");
    assert!(md.contains("**Status:** ⚠️ WARNING · 1 checked"), "{md}");
    assert!(!md.contains("❌"), "{md}");
    let junit = &outputs["junit"];
    assert!(
        junit.contains("<testsuites name=\"pe-lint\" tests=\"2\" failures=\"0\""),
        "{junit}"
    );
    assert!(
        junit.contains("<system-out>main.tf:7:3: warning (does not fail the run): aws_cloudwatch_log_group.app"),
        "{junit}"
    );
}

#[test]
fn the_summary_goes_to_stderr_for_every_format() {
    let tree = write_tree(&[("main.tf", LOG_GROUP)]);
    let dir = tree.path();
    let want = "pe-lint: 1 failing (PE005×1), 0 unresolved, 0 suppressed, 1 passed;";
    for format in FORMATS.iter().filter(|f| **f != "human") {
        let (code, _, stderr) = run_in(dir, &["--format", format, "."]);
        assert_eq!(code, 1, "{format}");
        assert!(stderr.starts_with(want), "{format}: {stderr:?}");
        assert_eq!(stderr.lines().count(), 1, "{format}: {stderr:?}");
        let (_, stdout, stderr) = run_in(dir, &["--format", format, "-o", "out.txt", "."]);
        assert!(stdout.is_empty(), "{format}: {stdout:?}");
        assert!(stderr.starts_with(want), "{format} -o: {stderr:?}");
        let (_, _, stderr) = run_in(dir, &["--format", format, "--quiet", "."]);
        assert!(stderr.is_empty(), "{format} --quiet: {stderr:?}");
    }
    // The human report on standard output ends with it; written to a file, stderr says it.
    let (_, stdout, stderr) = run_in(dir, &["."]);
    assert!(stdout.lines().last().unwrap().starts_with(want), "{stdout}");
    assert!(stderr.is_empty(), "{stderr:?}");
    let (_, stdout, stderr) = run_in(dir, &["-o", "out.txt", "."]);
    assert!(
        stdout.is_empty() && stderr.starts_with(want),
        "{stdout:?} {stderr:?}"
    );
}

/// Folders that hold no Terraform: empty, or only other files.
fn empty_trees() -> Vec<(tempfile::TempDir, &'static str)> {
    vec![
        (write_tree(&[("empty/.keep", "")]), "empty"),
        (
            write_tree(&[("docs/README.md", "# x\n"), ("docs/tool.py", "x = 1\n")]),
            "docs",
        ),
    ]
}

#[test]
fn a_run_that_checks_nothing_fails_in_every_format() {
    for (tree, sub) in empty_trees() {
        let dir = tree.path();
        for format in FORMATS {
            let (code, stdout, stderr) = run_in(dir, &["--format", format, sub]);
            assert_eq!(code, 2, "{sub} {format}:\n{stdout}\n{stderr}");
            let all = format!("{stdout}{stderr}");
            assert!(
                all.contains(&format!(
                    "{sub}: no Terraform (.tf or .tf.json files) found here"
                )),
                "{sub} {format}: {all}"
            );
            assert!(!stdout.contains("PASS"), "{sub} {format}: {stdout}");
        }
        // The working directory itself.
        let (code, stdout, _) = run_in(&dir.join(sub), &[]);
        assert_eq!(code, 2, "{stdout}");
        assert!(stdout.contains(".: no Terraform"), "{stdout}");
        // File arguments none of which is Terraform (a hook's changed files): each is a
        // warning, and the run is "not checked", never a pass.
        std::fs::write(dir.join(sub).join("notes.md"), "# x\n").unwrap();
        let (code, stdout, _) = run_in(&dir.join(sub), &["--format", "json", "--", "notes.md"]);
        assert_eq!(code, 0, "{stdout}");
        let json: Value = serde_json::from_str(&stdout).unwrap();
        assert_eq!(json["outcome"]["result"], "not_checked");
        assert_eq!(json["diagnostics"][0]["code"], "not-terraform");
        // One of several paths.
        std::fs::write(dir.join("main.tf"), LOG_GROUP).unwrap();
        std::fs::create_dir_all(dir.join("infra")).unwrap();
        std::fs::rename(dir.join("main.tf"), dir.join("infra/main.tf")).unwrap();
        let (code, stdout, _) = run_in(dir, &["--format", "json", "infra", sub]);
        assert_eq!(code, 2, "{stdout}");
        let json: Value = serde_json::from_str(&stdout).unwrap();
        assert_eq!(json["diagnostics"][0]["code"], "nothing-checked");
        assert_eq!(json["outcome"]["result"], "incomplete");
    }
}

#[test]
fn allow_empty_exits_0_but_no_format_says_pass() {
    for (tree, sub) in empty_trees() {
        let dir = tree.path();
        let evidence = dir.join("evidence");
        let ev = evidence.to_str().unwrap();
        let (code, stdout, stderr) = run_in(
            dir,
            &[
                "--allow-empty",
                "--evidence-dir",
                ev,
                "--format",
                "json",
                sub,
            ],
        );
        assert_eq!(code, 0, "{stdout}{stderr}");
        let json: Value = serde_json::from_str(&stdout).unwrap();
        assert_eq!(json["outcome"]["result"], "not_checked");
        assert_eq!(json["diagnostics"][0]["severity"], "warning");
        assert!(json["rules"]
            .as_array()
            .unwrap()
            .iter()
            .all(|r| r["status"] == "not_applicable"));
        let md = std::fs::read_to_string(evidence.join("report.md")).unwrap();
        assert_eq!(
            markdown_result(&md),
            format!("➖ NOT CHECKED: no Terraform found in {sub}**")
        );
        assert!(!md.contains("PASS"), "{md}");
        assert_eq!(md.matches("— N/A").count(), 16, "{md}");
        for format in FORMATS {
            let (code, stdout, stderr) = run_in(dir, &["--allow-empty", "--format", format, sub]);
            assert_eq!(code, 0, "{format}");
            assert!(
                !stdout.contains("PASS") && !stdout.contains("no failures"),
                "{format}: {stdout}"
            );
            let all = format!("{stdout}{stderr}");
            assert!(
                all.contains("nothing checked") || all.contains("nothing was checked"),
                "{format}: {all}"
            );
        }
        let (_, junit, _) = run_in(dir, &["--allow-empty", "--format", "junit", sub]);
        assert!(junit.contains("<testcase name=\"nothing checked\" classname=\"pe-lint\" time=\"0\">\n      <skipped message=\"nothing checked: no Terraform in "), "{junit}");
    }
}

#[test]
fn a_requirement_with_nothing_in_scope_is_not_applicable() {
    let tree = write_tree(&[("main.tf", LOG_GROUP), (".pe-lint.hcl", "")]);
    let dir = tree.path();
    let (_, stdout, _) = run_in(dir, &["--format", "json", "."]);
    let json: Value = serde_json::from_str(&stdout).unwrap();
    let status: BTreeMap<String, String> = json["rules"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["id"].as_str().unwrap().into(),
                r["status"].as_str().unwrap().into(),
            )
        })
        .collect();
    assert_eq!(status["PE005"], "fail");
    assert_eq!(status["PE006"], "pass");
    assert_eq!(status["PE001"], "not_applicable");
    let (_, md, _) = run_in(dir, &["--format", "markdown", "."]);
    assert!(
        md.contains("### PE001 kms-key-rotation\n\n**Requirement:**"),
        "{md}"
    );
    assert!(md.contains("**Status:** — N/A · 0 checked"), "{md}");
    assert!(
        md.contains("Not applicable: no resources in scope."),
        "{md}"
    );
    assert!(!md.contains("✅ PASS · 0 checked"), "{md}");
    let (_, junit, _) = run_in(dir, &["--format", "junit", "."]);
    assert!(
        junit.contains("<property name=\"status\" value=\"not_applicable\"/>"),
        "{junit}"
    );
}

#[test]
fn paths_are_relative_to_the_repository_root_from_a_subfolder() {
    let tree = crate::common::git_tree(&[("infra/prod/main.tf", LOG_GROUP)]);
    let sub = tree.path().join("infra");
    let (_, github, _) = run_in(&sub, &["--format", "github", "prod"]);
    assert!(
        github.starts_with("::error file=infra/prod/main.tf,line=7,"),
        "{github}"
    );
    let (_, sarif, _) = run_in(&sub, &["--format", "sarif", "prod"]);
    let sarif: Value = serde_json::from_str(&sarif).unwrap();
    let loc = &sarif["runs"][0]["results"][0]["locations"][0]["physicalLocation"];
    assert_eq!(loc["artifactLocation"]["uri"], "infra/prod/main.tf");
    for format in ["json", "junit", "markdown", "human"] {
        let (_, out, _) = run_in(&sub, &["--format", format, "prod"]);
        assert!(out.contains("infra/prod/main.tf"), "{format}: {out}");
    }
    // From outside the repository, with an absolute path.
    let outside = tempfile::tempdir().unwrap();
    let abs = sub.join("prod");
    let (_, github, _) = run_in(
        outside.path(),
        &["--format", "github", abs.to_str().unwrap()],
    );
    assert!(
        github.starts_with("::error file=infra/prod/main.tf,"),
        "{github}"
    );
    // From the root itself, and from inside the module.
    let (_, github, _) = run_in(tree.path(), &["--format", "github", "infra/prod"]);
    assert!(
        github.starts_with("::error file=infra/prod/main.tf,"),
        "{github}"
    );
    let (_, github, _) = run_in(&sub.join("prod"), &["--format", "github"]);
    assert!(
        github.starts_with("::error file=infra/prod/main.tf,"),
        "{github}"
    );
}

const CONFIG: &str = r#"rule "PE005" {
  severity = "warning"
}
rule "PE001" {
  enabled = false
}
iam {
  allowed_actions = ["s3:GetObject"]
}
retention_days = { prod = 30 }
"#;

const KMS_KEY: &str = r#"resource "aws_kms_key" "k" {
  enable_key_rotation = false
}
"#;

#[test]
fn the_evidence_records_how_it_was_produced() {
    let tree = write_tree(&[
        ("main.tf", LOG_GROUP),
        ("kms.tf", KMS_KEY),
        (
            "variables.tf",
            "variable \"secret\" {\n  default = \"\"\n}\n",
        ),
        ("extra.tfvars", "secret = \"from-file\"\n"),
        (".pe-lint.hcl", CONFIG),
    ]);
    let dir = tree.path();
    let args = [
        "--format",
        "json",
        "--strict",
        "--var-file",
        "extra.tfvars",
        "--var",
        "secret=hunter2",
        "--evidence-dir",
        "ev",
        ".",
    ];
    let (_, stdout, stderr) = run_in(dir, &args);
    assert!(!stdout.contains("hunter2"), "a --var value is never shown");
    let json: Value = serde_json::from_str(&stdout).unwrap_or_else(|e| panic!("{e}: {stderr}"));
    let scan = &json["scan"];
    use sha2::Digest as _;
    let sha: String = sha2::Sha256::digest(CONFIG.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    assert_eq!(
        scan["configuration"],
        serde_json::json!([{ "path": ".pe-lint.hcl", "sha256": sha }])
    );
    let settings: Vec<(String, String, String)> = scan["settings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            let f = |k: &str| s[k].as_str().unwrap().to_string();
            (f("name"), f("value"), f("from"))
        })
        .collect();
    let want = [
        ("strict", "true", "--strict"),
        ("retention_days.prod", "30", ".pe-lint.hcl:10"),
        ("iam.allowed_actions", "[s3:GetObject]", ".pe-lint.hcl:8"),
        ("rule.PE001.enabled", "false", ".pe-lint.hcl:5"),
        ("rule.PE005.severity", "warning", ".pe-lint.hcl:2"),
    ];
    let want: Vec<(String, String, String)> = want
        .iter()
        .map(|(a, b, c)| (a.to_string(), b.to_string(), c.to_string()))
        .collect();
    assert_eq!(settings, want);
    assert_eq!(scan["var_files"], serde_json::json!(["extra.tfvars"]));
    assert_eq!(scan["vars"], serde_json::json!(["secret"]));
    assert_eq!(
        scan["environment_from"],
        serde_json::json!([".: var.environment = \"prod\""])
    );
    let pe001 = &json["rules"][0];
    assert_eq!(
        (&pe001["id"], &pe001["status"]),
        (&"PE001".into(), &"disabled".into())
    );
    let md = std::fs::read_to_string(dir.join("ev/report.md")).unwrap();
    assert!(!md.contains("hunter2"));
    for row in [
        format!("| Configuration | `.pe-lint.hcl` (SHA-256 `{sha}`) |"),
        "| Var files | `extra.tfvars` |".to_string(),
        "| `--var` names | `secret` |".to_string(),
        "| Strict mode | yes |".to_string(),
        "| Baseline | none |".to_string(),
        "Not checked: **disabled by configuration** at `.pe-lint.hcl:5`.".to_string(),
        "**Status:** — DISABLED · 0 checked".to_string(),
        "| `aws_kms_key.k` | not set | SYMMETRIC_DEFAULT | false | — | `kms.tf:1` | n/a: PE001 disabled by configuration |".to_string(),
    ] {
        assert!(md.contains(&row), "{row}\n{md}");
    }
    assert!(
        md.contains("| Settings changed | `strict` = true (default false; set at `--strict`); `retention_days.prod` = 30"),
        "{md}"
    );
}

#[test]
fn the_kms_inventory_says_why_a_key_is_not_applicable() {
    let tree = write_tree(&[(
        "main.tf",
        "resource \"aws_kms_key\" \"sign\" {\n  customer_master_key_spec = \"RSA_2048\"\n  key_usage = \"SIGN_VERIFY\"\n}\n",
    )]);
    let (_, md, _) = run_in(tree.path(), &["--format", "markdown", "."]);
    assert!(
        md.contains("| `main.tf:1` | n/a: asymmetric or HMAC key (cannot rotate) |"),
        "{md}"
    );
}

const NUMBERED: &str = r#"variable "environment" {
  default = "prod"
}

resource "aws_cloudwatch_log_group" "numbered" {
  count = 3
  name  = "/photo-editor/shard-${count.index}"
  tags = {
    Project    = "photo-editor"
    Env        = "prod"
    Owner      = "team"
    CostCenter = "cc-1"
  }
}
"#;

#[test]
fn the_human_report_shows_a_shared_snippet_once_and_links_docs_the_user_has() {
    let tree = write_tree(&[("main.tf", NUMBERED)]);
    let (_, out, _) = run_in(tree.path(), &["."]);
    assert_eq!(out.matches("╭─[main.tf:5:1]").count(), 1, "{out}");
    for i in [1, 2] {
        let line = format!(
            "  ↳ same place: [fail] aws_cloudwatch_log_group.numbered[{i}]: `retention_in_days` is not set"
        );
        assert!(out.contains(&line), "{line}\n{out}");
    }
    assert!(
        out.contains("PE005 log-retention (pe-lint --explain PE005)"),
        "{out}"
    );
    assert!(!out.contains("docs/rules/PE005.md"), "{out}");
    assert!(out.contains("; 1 file, 3 resources checked in"), "{out}");
    // Narrow terminals: lines wrap to COLUMNS.
    let narrow = pe_lint()
        .current_dir(tree.path())
        .env("COLUMNS", "60")
        .output()
        .unwrap();
    let narrow = String::from_utf8_lossy(&narrow.stdout);
    let widest = narrow
        .lines()
        .filter(|l| !l.contains('│') && !l.starts_with("pe-lint:") && !l.contains("↳"))
        .map(|l| l.chars().count())
        .max()
        .unwrap();
    assert!(widest <= 60, "{widest}\n{narrow}");
    assert!(out.lines().any(|l| l.chars().count() > 60), "{out}");
}

/// The bypass: a configuration in the tree that excludes every file leaves nothing checked,
/// which is no pass either.
#[test]
fn excluding_every_file_checks_nothing() {
    let tree = write_tree(&[
        ("main.tf", LOG_GROUP),
        (".pe-lint.hcl", "exclude = [\"**\"]\n"),
    ]);
    let (code, stdout, stderr) = run_in(tree.path(), &["--format", "json", "."]);
    assert_eq!(code, 2, "{stdout}{stderr}");
    let json: Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(json["outcome"]["result"], "not_checked");
    assert_eq!(json["diagnostics"][0]["code"], "nothing-checked");
}

/// An invalid configuration stops the run before anything is loaded: that is an incomplete
/// run naming its error, not "no Terraform here".
#[test]
fn a_configuration_error_is_incomplete_not_empty() {
    let tree = write_tree(&[
        ("main.tf", LOG_GROUP),
        (".pe-lint.hcl", "fail_on = \"sometimes\"\n"),
    ]);
    let (code, stdout, stderr) = run_in(tree.path(), &["--format", "json", "."]);
    assert_eq!(code, 2, "{stdout}{stderr}");
    let json: Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(json["outcome"]["result"], "incomplete");
    assert!(stderr.contains(", 1 error: .pe-lint.hcl:1: "), "{stderr}");
    let (_, md, _) = run_in(tree.path(), &["--format", "markdown", "."]);
    assert!(
        md.contains("**Result: ❗ INCOMPLETE: 1 error: .pe-lint.hcl:1: "),
        "{md}"
    );
}

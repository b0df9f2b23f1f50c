//! `pe-lint test-rules DIR...`: run each rule's examples, the way `opa test` runs a policy's
//! tests. An `example "pass"` must give the rule at least one passing verdict and no failing
//! or unresolved one; an `example "fail"` must give at least one failing verdict. Policy files
//! of built-in rules (`rules/`) are tested against the built-in rules (their `check` blocks as
//! written in the file, for PE001 and PE004).

use std::path::PathBuf;

use super::{load_dirs_mode, CustomRule, LoadMode, RuleExample};
use crate::diag::Diagnostic;
use crate::escape::line;
use crate::lint::MemoryTree;
use crate::pipeline::{self, Options};
use crate::rules::{RuleSet, Status, Verdict};
use crate::source::Sources;
use crate::types::Env;

pub const EXIT_OK: u8 = 0;
pub const EXIT_FAILED: u8 = 1;
pub const EXIT_BROKEN: u8 = 2;

/// Run the examples of every rule under `paths`. Returns the report and the exit code: 0 when
/// every example behaves as it says, 1 when one does not, 2 when a rule file is broken.
pub fn run(paths: &[PathBuf], env: Option<Env>, verbose: bool) -> (String, u8) {
    let mut sources = Sources::default();
    let (rules, diags) = load_dirs_mode(paths, &mut sources, LoadMode::Test);
    let mut out = String::new();
    for d in &diags {
        out.push_str(&format_diagnostic(d, &sources));
    }
    let (mut total, mut failed) = (0usize, 0usize);
    let mut last_file = None;
    for rule in &rules {
        if last_file.as_ref() != Some(&rule.path) {
            let path = crate::source::display_path(&rule.path);
            out.push_str(&format!("{}\n", line(&path)));
            last_file = Some(rule.path.clone());
        }
        let label = line(&format!("{} {}", rule.id, rule.meta.name)).into_owned();
        if rule.examples.is_empty() {
            out.push_str(&format!("  --    {label}: no examples\n"));
            continue;
        }
        for ex in &rule.examples {
            total += 1;
            let what = format!(
                "{label}  example \"{}\" ({})",
                line(&ex.kind),
                line(&ex.origin)
            );
            match run_example(rule, ex, env) {
                Ok((summary, details)) => {
                    out.push_str(&format!("  ok    {what}: {}\n", line(&summary)));
                    if verbose {
                        out.push_str(&details);
                    }
                }
                Err((reason, details)) => {
                    failed += 1;
                    out.push_str(&format!("  FAIL  {what}: {}\n", line(&reason)));
                    out.push_str(&details);
                }
            }
        }
    }
    // Rule files, names, example code and messages all come from the tree.
    let mut out = crate::escape::defang_output(&out).into_owned();
    out.push_str(&format!("{}\n", "-".repeat(80)));
    if failed == 0 {
        out.push_str(&format!("PASS: {total}/{total}\n"));
    } else {
        out.push_str(&format!("FAIL: {failed}/{total}\n"));
    }
    let broken = diags.iter().any(Diagnostic::is_error);
    if broken {
        out.push_str("ERROR: some rule files could not be loaded (see above)\n");
    }
    let code = if broken {
        EXIT_BROKEN
    } else if failed > 0 {
        EXIT_FAILED
    } else {
        EXIT_OK
    };
    (out, code)
}

type Outcome = Result<(String, String), (String, String)>;

/// The directory the examples pretend to live in: it does not exist, so nothing is read there.
const EXAMPLE_DIR: &str = "/nonexistent/pe-lint-test-rules";

/// The rules an example of `rule` runs with: a rule with `check` blocks (custom, or a built-in
/// policy file read from disk) as written in its file; a built-in rule in Rust as built
/// (`None`: the run's usual rule set).
fn rules_for(rule: &CustomRule) -> Option<RuleSet> {
    if rule.builtin && rule.checks.is_empty() {
        return None;
    }
    let mut own = rule.clone();
    // Its file ids are this command's, not the run's: a message names the rule by id instead.
    own.file = None;
    for c in &mut own.checks {
        c.file = None;
    }
    Some(RuleSet::with_custom(vec![own]))
}

/// A diagnostic about the rule rather than the example: a check that is not a bool, a rule
/// that spends its budget or panics (each names the rule).
fn from_the_rule(d: &Diagnostic, id: &str) -> bool {
    d.code == "rule-type"
        || d.message.contains(&format!("rule {id} "))
        || d.message.contains(&format!("running {id} "))
}

/// The example as the only file of a root module, through the whole pipeline with only this
/// rule enabled.
fn run_example(rule: &CustomRule, ex: &RuleExample, env: Option<Env>) -> Outcome {
    let opts = Options {
        env,
        checks: vec![rule.id.to_string()],
        allow_empty: true,
        ..Options::default()
    };
    let tree = MemoryTree {
        dir: EXAMPLE_DIR.into(),
        files: vec![("main.tf".into(), ex.code.clone().into_bytes())],
    };
    let report = match pipeline::check_memory(&opts, tree, rules_for(rule)) {
        Ok(report) => report,
        Err(e) => return Err((format!("the example cannot be checked: {e}"), String::new())),
    };
    let (loaded, verdicts) = (&report.loaded, &report.verdicts);
    let errors: Vec<&Diagnostic> = loaded.diagnostics.iter().filter(|d| d.is_error()).collect();
    let (broken, load): (Vec<&Diagnostic>, Vec<&Diagnostic>) =
        errors.into_iter().partition(|d| from_the_rule(d, &rule.id));
    if !load.is_empty() {
        let shown = load.iter().map(|d| format_diagnostic(d, &loaded.sources));
        return Err(("the example does not load".into(), shown.collect()));
    }
    if !broken.is_empty() {
        let shown = broken
            .iter()
            .map(|d| format!("        {}\n", line(&d.message)));
        return Err(("the rule is broken".into(), shown.collect()));
    }
    judge(ex, verdicts, &loaded.sources)
}

/// Whether the example's verdicts are what its kind says: the summary and the verdicts.
fn judge(ex: &RuleExample, verdicts: &[Verdict], sources: &Sources) -> Outcome {
    let count = |s: Status| verdicts.iter().filter(|v| v.status == s).count();
    let (pass, fail, unresolved) = (
        count(Status::Pass),
        count(Status::Fail),
        count(Status::Unresolved),
    );
    let summary = format!("{pass} passed, {fail} failed, {unresolved} unresolved");
    let details: String = verdicts
        .iter()
        .map(|v| {
            let at = v
                .loc
                .file
                .map(|f| sources.get(f).position(v.loc.span.start).line)
                .unwrap_or(0);
            format!(
                "        {:<10} {} (line {at} of the example): {}\n",
                v.status.as_str(),
                line(&v.address),
                line(&v.message)
            )
        })
        .collect();
    let ok = match ex.kind.as_str() {
        "pass" => fail == 0 && unresolved == 0 && pass > 0,
        _ => fail > 0,
    };
    if ok {
        Ok((summary, details))
    } else if ex.kind == "pass" && verdicts.is_empty() {
        Err((
            format!(
                "expected the rule to apply and pass, but it applies to no resource ({summary})"
            ),
            details,
        ))
    } else if ex.kind == "pass" {
        Err((
            format!("expected no failing or unresolved findings ({summary})"),
            details,
        ))
    } else {
        Err((
            format!("expected at least one failing finding ({summary})"),
            details,
        ))
    }
}

/// `file:line:column: severity[code]: message`, for terminal output (stdout of `test-rules`,
/// stderr of `--list-rules`): the file name, message and help come from the tree, so each is
/// escaped and the lines defanged.
pub fn format_diagnostic(d: &Diagnostic, sources: &Sources) -> String {
    let pos = d
        .loc
        .as_ref()
        .and_then(|l| crate::diag::position(sources, l))
        .map(|p| format!("{}:{}:{}: ", line(&p.file), p.line, p.column))
        .unwrap_or_default();
    let mut s = format!(
        "{pos}{}[{}]: {}\n",
        d.severity.as_str(),
        d.code,
        line(&d.message)
    );
    if let Some(h) = &d.help {
        s.push_str(&format!("  help: {}\n", line(h)));
    }
    crate::escape::defang_output(&s).into_owned()
}

//! `pe-lint test-rules DIR...`: run each rule's examples, the way `opa test` runs a policy's
//! tests. An `example "pass"` must give the rule at least one passing verdict and no failing
//! or unresolved one; an `example "fail"` must give at least one failing verdict. Policy files
//! of built-in rules (`rules/`) are tested against the built-in rules (their `check` blocks as
//! written in the file, for PE001 and PE004).

use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};

use super::{engine, load_dirs_mode, CustomRule, LoadMode, RuleExample};
use crate::diag::Diagnostic;
use crate::escape::line;
use crate::lint::{self, Options};
use crate::rules::{self, Ctx, Settings, Status, Verdict};
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
    let settings = Settings {
        environment: env,
        ..Settings::default()
    };
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
            match run_example(rule, ex, &settings) {
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

fn run_example(rule: &CustomRule, ex: &RuleExample, settings: &Settings) -> Outcome {
    static N: AtomicUsize = AtomicUsize::new(0);
    let dir = std::env::temp_dir().join(format!(
        "pe-lint-test-rules-{}-{}",
        std::process::id(),
        N.fetch_add(1, Ordering::Relaxed)
    ));
    let written =
        std::fs::create_dir_all(&dir).and_then(|_| std::fs::write(dir.join("main.tf"), &ex.code));
    if let Err(e) = written {
        let _ = std::fs::remove_dir_all(&dir);
        return Err((format!("cannot write the example: {e}"), String::new()));
    }
    let loaded = lint::load(&Options::new(vec![dir.clone()]));
    let _ = std::fs::remove_dir_all(&dir);
    let errors: Vec<String> = loaded
        .diagnostics
        .iter()
        .filter(|d| d.is_error())
        .map(|d| format_diagnostic(d, &loaded.sources))
        .collect();
    if !errors.is_empty() {
        return Err(("the example does not load".into(), errors.concat()));
    }
    let mut verdicts: Vec<Verdict> = Vec::new();
    let builtins = rules::builtin_rules();
    for root in &loaded.model.roots {
        let cx = Ctx::new(root, settings);
        // A built-in rule written in the language is tested from the file on disk (edits
        // show without rebuilding); the others run their Rust implementation.
        if rule.builtin && rule.checks.is_empty() {
            if let Some(r) = builtins.iter().find(|r| rule.id == r.id()) {
                verdicts.extend(r.check(&cx));
            }
        } else {
            let (v, d) = engine::check_rule(rule, &cx);
            if !d.is_empty() {
                return Err((
                    "the rule is broken".into(),
                    d.iter()
                        .map(|d| format!("        {}\n", line(&d.message)))
                        .collect(),
                ));
            }
            verdicts.extend(v);
        }
    }
    rules::sort_verdicts(&mut verdicts, &loaded.sources);
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
                .map(|f| loaded.sources.get(f).position(v.loc.span.start).line)
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

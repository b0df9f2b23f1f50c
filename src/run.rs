//! The command-line driver: turn flags into a run, print the report, compute the exit code.

use std::io::Write;
use std::path::PathBuf;

use crate::cli::{Cli, Command, Format, LintArgs};
use crate::diag::Diagnostic;
use crate::report::{self, Report};
use crate::rules::{self, meta, Settings, Verdict};
use crate::{lint, pipeline};

pub use crate::report::exit_code;
pub use crate::types::{EXIT_FINDINGS, EXIT_OK, EXIT_UNTRUSTED};

pub fn run(cli: Cli) -> u8 {
    // The last line of defence: finer boundaries (per file, root, rule) report a panic and
    // carry on; anything that still escapes is an internal error, exit 2, never a crash.
    let outcome = crate::guard::catch(|| match cli.command {
        Some(Command::Inspect(args)) => inspect(&args),
        Some(Command::TestRules(args)) => {
            let (text, code) = rules::custom::testing::run(&args.dirs, args.env, args.verbose);
            match emit(&text) {
                Ok(()) => code,
                Err(_) => EXIT_UNTRUSTED,
            }
        }
        None => lint_command(&cli.args),
    });
    outcome.unwrap_or_else(|msg| {
        // A panic message may quote the tree.
        let msg = crate::escape::line(&msg);
        eprintln!("pe-lint: internal error: {msg}; the run could not be completed");
        EXIT_UNTRUSTED
    })
}

/// The pipeline's options from the command line, with `TF_VAR_*` and `TF_WORKSPACE` (under
/// `--workspace`) from the environment.
fn options(args: &LintArgs) -> pipeline::Options {
    let env = lint::Options::new(Vec::new()).with_env_vars();
    pipeline::Options {
        paths: args.paths.clone(),
        vars: args.var_order.clone(),
        tf_vars: env.env_vars,
        workspace: args.workspace.clone().or(env.workspace),
        config: args.config.clone(),
        plan: args.plan.clone(),
        baseline: args.baseline.clone(),
        write_baseline: args.write_baseline.clone(),
        strict: args.strict,
        env: args.env,
        fail_on: args.fail_on.clone(),
        allow_empty: args.allow_empty,
        rules_dirs: args.rules_dirs.clone(),
        limits: args.limits.clone(),
        jobs: args.jobs.map_or(0, usize::from),
        checks: args.checks.clone(),
        skip_checks: args.skip_checks.clone(),
        soft_fail: args.soft_fail,
        show_suppressed: args.show_suppressed,
    }
}

/// The tree as the pipeline loads it, without the configuration or the rules.
fn inspect(args: &LintArgs) -> u8 {
    let inspection = pipeline::inspect(&options(args));
    let mut text = serde_json::to_string_pretty(&inspection.json).unwrap_or_default();
    text.push('\n');
    if let Err(e) = emit_to(args, &text) {
        eprintln!("pe-lint: {e}");
        return EXIT_UNTRUSTED;
    }
    if inspection.diagnostics.iter().any(Diagnostic::is_error) {
        EXIT_UNTRUSTED
    } else {
        EXIT_OK
    }
}

/// Colour for the human output on standard output (files never get it).
fn color_wanted(args: &LintArgs) -> bool {
    use std::io::IsTerminal;
    !args.no_color
        && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
        && args.to_stdout(Format::Human)
        && std::io::stdout().is_terminal()
}

fn lint_command(args: &LintArgs) -> u8 {
    if args.list_rules || args.explain.is_some() {
        return rule_docs(args);
    }
    let staged;
    let args = match hook_paths(args) {
        Ok(Some(expanded)) => {
            staged = expanded;
            &staged
        }
        Ok(None) => args,
        Err(code) => return code,
    };
    // The whole run on one pool: loading, rules and reports share warm threads.
    let jobs = args.jobs.map_or(0, usize::from);
    crate::guard::on_big_stacks(jobs, || lint_on_pool(args))
}

/// The arguments with the paths a hook's file list stands for (`--staged`, `.pe-lint.hcl`), or
/// `None` when they are the given ones; `Err` is the exit code of a run that is over.
fn hook_paths(args: &LintArgs) -> Result<Option<LintArgs>, u8> {
    let names_config = args.paths.iter().any(|p| {
        p.file_name()
            .is_some_and(|n| n == crate::staged::CONFIG_NAME)
    });
    if !args.staged && !names_config {
        return Ok(None);
    }
    match crate::staged::paths(&args.paths, args.staged) {
        Ok(paths) if paths.is_empty() => {
            if !args.quiet {
                eprintln!("pe-lint: the staged changes touch no Terraform; nothing to check");
            }
            Err(EXIT_OK)
        }
        Ok(paths) => Ok(Some(LintArgs {
            paths,
            ..args.clone()
        })),
        Err(d) => {
            eprintln!("pe-lint: {}", crate::escape::line(&d.message));
            Err(EXIT_UNTRUSTED)
        }
    }
}

fn lint_on_pool(args: &LintArgs) -> u8 {
    lint_pass(args, None)
}

/// One run; with `--fix`, a run that wrote fixes runs once more on the fixed files, given what
/// the first one attempted, so that the report and the exit code describe what remains.
fn lint_pass(args: &LintArgs, after_fix: Option<AfterFix>) -> u8 {
    let mut checked = match pipeline::check(&options(args)) {
        Ok(checked) => checked,
        Err(pipeline::Error::Config(failure)) => return config_failed(args, &failure),
        Err(pipeline::Error::UnknownRule(msg)) => {
            eprintln!("pe-lint: error: {}", crate::escape::line(&msg));
            return EXIT_UNTRUSTED;
        }
        Err(pipeline::Error::Internal(msg)) => {
            // A panic message may quote the tree.
            let msg = crate::escape::line(&msg);
            eprintln!("pe-lint: internal error: {msg}; the run could not be completed");
            return EXIT_UNTRUSTED;
        }
    };
    let timer = lint::Timer::new();
    let fixing = autofix(
        args,
        (&checked.loaded, &checked.settings, &checked.autofix),
        &checked.rules,
        &mut checked.verdicts,
        after_fix.as_ref(),
    );
    if let Some(next) = fixing.rerun {
        return lint_pass(args, Some(next));
    }
    if let Some(after) = after_fix {
        checked.loaded.diagnostics.extend(after.diagnostics);
        pipeline::strict_warnings(&checked.settings, &mut checked.loaded.diagnostics);
    }
    checked.run.fixed = fixing.fixed;
    checked.run.fixable = fixing.fixable;
    let r = checked.view(color_wanted(args), args.sarif_category.clone());
    let code = match &fixing.diff {
        // `--diff` prints the edits instead of the report and writes nothing else.
        Some(diff) => match emit(diff) {
            Ok(()) => {
                summary_to_stderr(args, &r);
                r.exit_code()
            }
            Err(_) => EXIT_UNTRUSTED,
        },
        None => deliver(args, &r),
    };
    timer.lap("report");
    timer.peak_memory();
    // Freeing a large model takes longer than the process exit does.
    std::mem::forget(checked);
    code
}

/// An invalid configuration stops the run (exit code 2) with its errors, in the requested format.
fn config_failed(args: &LintArgs, failure: &pipeline::ConfigFailure) -> u8 {
    let model = crate::terraform::Model::default();
    let r = failure.view(&model, color_wanted(args), args.sarif_category.clone());
    let _ = write_outputs(args, &r);
    summary_to_stderr(args, &r);
    EXIT_UNTRUSTED
}

/// The outputs, the evidence and the summary line of a run, each attempted even when another
/// could not be written (that one is named, and the run exits 2); else the report's exit code.
fn deliver(args: &LintArgs, r: &Report<'_>) -> u8 {
    let mut code = match write_outputs(args, r) {
        Ok(()) => r.exit_code(),
        Err(code) => code,
    };
    if let Some(dir) = &args.evidence_dir {
        let boundaries = crate::files::output_boundaries(&args.paths);
        if let Err(e) = report::write_evidence(dir, r, &boundaries) {
            eprintln!(
                "pe-lint: cannot write evidence to {}: {e}",
                crate::source::display_path(dir)
            );
            code = EXIT_UNTRUSTED;
        }
    }
    summary_to_stderr(args, r);
    code
}

/// `--list-rules` and `--explain`, with the custom rules of `--rules` directories.
fn rule_docs(args: &LintArgs) -> u8 {
    let mut sources = crate::source::Sources::default();
    // The configuration's rules_dirs count too.
    let (_, mut rule_set, rule_files) = pipeline::config_and_rules(&options(args), None);
    let diags = rule_files.register(&mut sources, rule_set.custom_mut());
    for d in &diags {
        eprint!(
            "pe-lint: {}",
            rules::custom::testing::format_diagnostic(d, &sources)
        );
    }
    if diags.iter().any(Diagnostic::is_error) {
        return EXIT_UNTRUSTED;
    }
    let Some(asked) = &args.explain else {
        return print(&terminal_text(&list_rules(&rule_set)));
    };
    // A rule id or name, as the configuration and suppressions take them.
    let id = match pipeline::rule_ids("--explain", std::slice::from_ref(asked), &rule_set) {
        Ok(ids) => ids.into_iter().next().unwrap_or_default(),
        Err(msg) => {
            eprintln!("pe-lint: {}", crate::escape::line(&msg));
            return EXIT_UNTRUSTED;
        }
    };
    if let Some(r) = rule_set
        .custom()
        .iter()
        .find(|r| r.id.eq_ignore_ascii_case(&id))
    {
        let checks = rules::custom::checks_text(r, &sources);
        let doc = meta::render_doc(&r.meta, checks.as_deref());
        return print(&terminal_text(&doc));
    }
    match meta::builtin(&id) {
        Some(m) => print(&meta::render_doc(m, None)),
        None => {
            eprintln!(
                "pe-lint: unknown rule {:?}; `pe-lint --list-rules` lists them",
                crate::escape::line(asked)
            );
            EXIT_UNTRUSTED
        }
    }
}

/// Every output the command line asks for, each rendered from the same report, in
/// command-line order. An output that cannot be written is said (naming its path) and the
/// others are still written; `Err` is then the exit code.
fn write_outputs(args: &LintArgs, r: &Report<'_>) -> Result<(), u8> {
    let mut failed = false;
    for out in args.outputs() {
        let rendered = crate::guard::catch(|| {
            report::render_output(out.format, r, args.quiet, out.file.is_none())
        });
        let text = match rendered {
            Ok(t) => t,
            Err(msg) => {
                let msg = crate::escape::line(&msg);
                eprintln!("pe-lint: internal error while writing the report: {msg}");
                failed = true;
                continue;
            }
        };
        let written = match &out.file {
            Some(p) => write_report_file(args, p, &text),
            None => emit(&text).map_err(|e| format!("cannot write the report: {e}")),
        };
        if let Err(e) = written {
            eprintln!("pe-lint: {e}");
            failed = true;
        }
    }
    match failed {
        true => Err(EXIT_UNTRUSTED),
        false => Ok(()),
    }
}

/// The summary line on standard error, so a CI log always says how the run went: unless the
/// human output on standard output ends with it, or `--quiet`.
fn summary_to_stderr(args: &LintArgs, r: &Report<'_>) {
    if args.quiet || args.to_stdout(Format::Human) {
        return;
    }
    eprintln!("{}", crate::escape::defang_output(&report::summary_line(r)));
}

/// Custom rules' metadata comes from the tree: each field is shown on one line, escaped.
fn list_rules(rule_set: &rules::RuleSet) -> String {
    use crate::escape::line;
    let mut s = String::new();
    for m in rule_set.iter() {
        s.push_str(&format!(
            "{}  {:<28} {:<6} {}\n",
            line(&m.id),
            line(&m.name),
            m.severity.as_str(),
            line(m.requirement.trim())
        ));
    }
    s
}

/// Rule documentation (a custom rule's is written in the tree): line breaks kept, every other
/// control and bidi character escaped, no line a CI runner would read as a command.
fn terminal_text(text: &str) -> String {
    use crate::escape;
    escape::defang_output(&escape::block(text)).into_owned()
}

fn print(text: &str) -> u8 {
    match emit(text) {
        Ok(()) => EXIT_OK,
        Err(_) => EXIT_UNTRUSTED,
    }
}

/// The report to `-o FILE` (never through a link in the scanned tree or the working directory:
/// see `files::write_output`), else to standard output.
fn emit_to(args: &LintArgs, text: &str) -> Result<(), String> {
    match &args.output {
        Some(p) => write_report_file(args, p, text),
        None => emit(text).map_err(|e| e.to_string()),
    }
}

/// One report file, through `files::write_output` (never through a link out of the tree).
fn write_report_file(args: &LintArgs, p: &std::path::Path, text: &str) -> Result<(), String> {
    let boundaries = crate::files::output_boundaries(&args.paths);
    crate::files::write_output(p, text.as_bytes(), &boundaries).map_err(|e| {
        format!(
            "cannot write the report to {}: {e}",
            crate::source::display_path(p)
        )
    })
}

/// Write to standard output. A closed pipe (`pe-lint | head`) is not an error.
fn emit(text: &str) -> std::io::Result<()> {
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|_| out.flush()) {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        other => other,
    }
}

/// What `--fix` / `--diff` decided for one run.
struct Fixing {
    /// With `--fix`, after the fixes were written: how many findings they made pass.
    fixed: Option<usize>,
    /// With `--diff`: the diff, shown instead of the report.
    diff: Option<String>,
    /// Fixes were written: check again.
    rerun: Option<AfterFix>,
    /// The fix planned for each verdict, for the reports (planned on every run).
    fixable: Vec<Option<report::Fixable>>,
}

/// What the run that wrote fixes hands to the run after it.
struct AfterFix {
    /// `(rule, root, address)` of the findings whose fixes were written.
    attempted: Vec<(String, String, String)>,
    /// Fixes that could not be written (exit code 2).
    diagnostics: Vec<Diagnostic>,
}

/// `--fix` and `--diff` (docs/autofix.md): plan an edit for every failing finding, note on each
/// finding without one why, and then write the edits (`--fix`, once) or diff them (`--diff`).
fn autofix(
    args: &LintArgs,
    (loaded, settings, options): (&lint::Loaded, &Settings, &crate::fix::Options),
    rules: &rules::RuleSet,
    verdicts: &mut [Verdict],
    after_fix: Option<&AfterFix>,
) -> Fixing {
    let options = crate::fix::Options {
        within: checked_trees(args)
            .iter()
            .map(|t| crate::files::absolute(t))
            .collect(),
        custom: custom_fixes(rules),
        ..options.clone()
    };
    // Planned on every run, so that the reports can mark what `--fix` would do; a panic in
    // planning costs the marks, never the run.
    let remedies = crate::guard::catch(|| crate::fix::plan(loaded, settings, &options, verdicts))
        .unwrap_or_else(|_| vec![None; verdicts.len()]);
    let mut out = Fixing {
        fixed: None,
        diff: None,
        rerun: None,
        fixable: fixable_of(&remedies),
    };
    if !args.fix && !args.diff {
        return out;
    }
    note_remedies(verdicts, &remedies);
    if let Some(after) = after_fix {
        let remains = |(rule, root, address): &&(String, String, String)| {
            verdicts.iter().any(|v| {
                v.rule_id == *rule
                    && v.root == *root
                    && v.address == *address
                    && matches!(v.status, rules::Status::Fail | rules::Status::Unresolved)
            })
        };
        out.fixed = Some(after.attempted.iter().filter(|a| !remains(a)).count());
        return out;
    }
    let changes = crate::fix::apply(&loaded.sources, &remedies);
    if args.diff {
        out.diff = Some(crate::fix::unified_diff(&loaded.sources, &changes));
        return out;
    }
    if changes.is_empty() {
        out.fixed = Some(0);
        return out;
    }
    let (attempted, diagnostics) = write_fixes(args, loaded, verdicts, &remedies, &changes);
    out.rerun = Some(AfterFix {
        attempted,
        diagnostics,
    });
    out
}

/// The fixes the run's custom rules declare, by rule id and resource type.
fn custom_fixes(
    rules: &rules::RuleSet,
) -> std::collections::BTreeMap<(String, String), rules::custom::CheckFix> {
    let mut out = std::collections::BTreeMap::new();
    for r in rules.custom() {
        for c in &r.checks {
            if let Some(f) = &c.autofix {
                out.entry((r.id.to_string(), c.rtype.clone()))
                    .or_insert_with(|| f.clone());
            }
        }
    }
    out
}

fn fixable_of(remedies: &[Option<crate::fix::Remedy>]) -> Vec<Option<report::Fixable>> {
    remedies
        .iter()
        .map(|r| match r {
            Some(crate::fix::Remedy::Fix(f)) => Some(report::Fixable {
                what: f.what.clone(),
                edits: f.edits.clone(),
            }),
            _ => None,
        })
        .collect()
}

/// Each finding's fix text says what `--fix` does for it, or why it does nothing.
fn note_remedies(verdicts: &mut [Verdict], remedies: &[Option<crate::fix::Remedy>]) {
    for (v, r) in verdicts.iter_mut().zip(remedies) {
        let note = match r {
            Some(crate::fix::Remedy::NoFix(why)) => crate::fix::no_fix_note(why),
            Some(crate::fix::Remedy::Fix(f)) => format!("fixable with --fix: {}", f.what),
            None => continue,
        };
        v.fix = match v.fix.is_empty() {
            true => note,
            false => format!("{}; {note}", v.fix),
        };
    }
}

/// Write the changed files inside the checked paths (the working directory when none is
/// given); the findings whose every edit was written, and the files that could not be.
fn write_fixes(
    args: &LintArgs,
    loaded: &lint::Loaded,
    verdicts: &[Verdict],
    remedies: &[Option<crate::fix::Remedy>],
    changes: &[crate::fix::Change],
) -> (Vec<(String, String, String)>, Vec<Diagnostic>) {
    let trees = checked_trees(args);
    let (written, diagnostics) = crate::fix::write(&loaded.sources, changes, &trees);
    let attempted = verdicts
        .iter()
        .zip(remedies)
        .filter(|(_, r)| match r {
            Some(crate::fix::Remedy::Fix(f)) => f
                .edits
                .iter()
                .all(|e| written.contains(&loaded.sources.get(e.file).display)),
            _ => false,
        })
        .map(|(v, _)| (v.rule_id.to_string(), v.root.clone(), v.address.clone()))
        .collect();
    (attempted, diagnostics)
}

/// The folders `--fix` may edit in: the checked directories and the folders of the checked
/// files (the working directory when no path is given).
fn checked_trees(args: &LintArgs) -> Vec<PathBuf> {
    match args.paths.is_empty() {
        true => vec![PathBuf::from(".")],
        false => args
            .paths
            .iter()
            .map(|p| match p.is_dir() {
                true => p.clone(),
                false => p
                    .parent()
                    .filter(|d| !d.as_os_str().is_empty())
                    .map_or_else(|| PathBuf::from("."), PathBuf::from),
            })
            .collect(),
    }
}

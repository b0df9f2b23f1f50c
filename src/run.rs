//! The command-line driver: turn flags into a run, print the report, compute the exit code.

use std::io::Write;
use std::path::PathBuf;

use crate::cli::{Cli, Command, Format, LintArgs};
use crate::diag::Diagnostic;
use crate::report::{self, Report};
use crate::rules::settings::Level;
use crate::rules::{self, meta, Settings, Verdict};
use crate::{baseline, config, discover, lint, suppress};

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

fn options(args: &LintArgs) -> lint::Options {
    let mut o = lint::Options::new(args.paths.clone()).with_env_vars();
    o.cli_vars = args.var_order.clone();
    o.jobs = args.jobs.map_or(0, usize::from);
    if let Some(w) = &args.workspace {
        o.workspace = Some(w.clone());
    }
    lint::apply_limits(&mut o, &args.limits);
    o
}

/// Static evaluation, or with `--plan` the plan's values (on top of it when paths are given).
fn load(args: &LintArgs) -> lint::Loaded {
    load_with(args, &options(args))
}

/// Static evaluation, or a plan's values with `--plan` (on top of the sources when paths are given).
fn load_with(args: &LintArgs, opts: &lint::Options) -> lint::Loaded {
    match &args.plan {
        Some(plan) => crate::plan::load(opts, plan, !args.paths.is_empty()),
        None => lint::load(opts),
    }
}

fn inspect(args: &LintArgs) -> u8 {
    let loaded = load(args);
    let mut text =
        serde_json::to_string_pretty(&crate::inspect::render(&loaded)).unwrap_or_default();
    text.push('\n');
    if let Err(e) = emit_to(args, &text) {
        eprintln!("pe-lint: {e}");
        return EXIT_UNTRUSTED;
    }
    if loaded.diagnostics.iter().any(Diagnostic::is_error) {
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
    let started = std::time::Instant::now();
    let started_at = report::timestamp();
    // Custom rules' ids must be known before the configuration's `rule` blocks and the
    // suppressions are checked, and the governing configuration names some of their
    // directories: read it, then the rules, then check its `rule` blocks.
    let (main, mut rule_set, rule_files) = config_and_rules(args);
    if let Err(msg) = command_line_skips(args, &rule_set) {
        eprintln!("pe-lint: error: {}", crate::escape::line(&msg));
        return EXIT_UNTRUSTED;
    }
    let mut policy = config::load_policy(
        main,
        args.config.as_deref(),
        &args.paths,
        args.plan.is_none() || !args.paths.is_empty(),
        &rule_set,
    );
    if policy.main.has_errors() {
        return config_failed(args, policy.main, started_at);
    }
    let mut opts = options(args);
    opts.exclude = policy.main.config.exclude();
    let mut loaded = load_with(args, &opts);
    let empty = nothing_checked(args, &loaded);
    loaded.diagnostics.extend(empty);
    // Before the configuration files move into the run's sources.
    let provenance = provenance_of(args, &policy, &loaded, &rule_set);
    missing_rules_dirs(&mut policy.main);
    let config_diags = policy.register(&mut loaded.sources);
    loaded.diagnostics.extend(config_diags);
    let settings = settings_for(args, &policy.settings, &rule_set);
    if let Some(env) = settings.environment {
        loaded
            .diagnostics
            .extend(crate::terraform::vars::env_conflicts(
                &loaded.model.roots,
                env,
                rules::settings::ENV_VARIABLES,
            ));
    }
    let cfg = &policy.main;
    let rule_diags = rule_files.register(&mut loaded.sources, rule_set.custom_mut());
    loaded.diagnostics.extend(rule_diags);
    let timer = lint::Timer::new();
    let (verdicts, run_diags) =
        rules::run_with(&loaded.model, &settings, &loaded.sources, &rule_set);
    loaded.diagnostics.extend(run_diags);
    timer.lap("rules");
    let kept = verdicts.clone();
    let (verdicts, exception_diags) = crate::guard::catch(|| {
        let run = (&settings, &rule_set);
        exceptions(args, &cfg.config, run, &loaded, verdicts, &started_at)
    })
    .unwrap_or_else(|msg| {
        let d = crate::guard::internal_error("applying", "suppressions and the baseline", &msg);
        (kept, vec![d])
    });
    loaded.diagnostics.extend(exception_diags);
    timer.lap("suppressions");
    let mut verdicts = verdicts;
    let fixing = autofix(
        args,
        (&loaded, &settings, &cfg.config.autofix),
        &mut verdicts,
        after_fix.as_ref(),
    );
    if let Some(next) = fixing.rerun {
        return lint_pass(args, Some(next));
    }
    if let Some(after) = after_fix {
        loaded.diagnostics.extend(after.diagnostics);
    }
    if settings.strict {
        // What strict mode fails on is shown as a warning in every format (GitHub annotations
        // and SARIF leave notes out).
        for d in &mut loaded.diagnostics {
            if rules::settings::NOT_CHECKED.contains(&d.code) {
                d.severity = crate::diag::Severity::Warning;
            }
        }
    }
    let environment = environment_label(&loaded, &settings);
    let r = Report {
        environment,
        started_at: Some(started_at),
        elapsed: started.elapsed(),
        color: color_wanted(args),
        sarif_category: args.sarif_category.clone(),
        severities: rule_set
            .iter()
            .map(|m| (m.id.to_string(), rule_set.severity(&settings, &m.id)))
            .collect(),
        strict: settings.strict,
        run: run_info(args, &settings, provenance),
        rules: &rule_set,
        ..Report::of(&loaded, &verdicts)
    };
    let r = Report {
        run: report::RunInfo {
            fixed: fixing.fixed,
            ..r.run
        },
        ..r
    };
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
    std::mem::forget(verdicts);
    std::mem::forget(loaded);
    code
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

fn environment_label(loaded: &lint::Loaded, settings: &Settings) -> Option<String> {
    let envs: std::collections::BTreeSet<String> = loaded
        .model
        .roots
        .iter()
        .filter_map(|r| rules::settings::environment(r, settings).0)
        .map(|e| e.as_str().to_string())
        .collect();
    match envs.len() {
        0 => None,
        _ => Some(envs.into_iter().collect::<Vec<_>>().join(", ")),
    }
}

/// The baseline flags of a run, and `--limit file-size=N` (else the default cap) for reading one.
fn baseline_request(args: &LintArgs) -> baseline::Request<'_> {
    baseline::Request {
        read: args.baseline.as_deref(),
        write: args.write_baseline.as_deref(),
        first_path: args.paths.first().map(PathBuf::as_path),
        max_file_bytes: args
            .limits
            .iter()
            .rev()
            .find(|l| l.name == "file-size")
            .map_or(crate::parse::MAX_FILE_BYTES, |l| l.value),
    }
}

/// `--list-rules` and `--explain`, with the custom rules of `--rules` directories.
fn rule_docs(args: &LintArgs) -> u8 {
    let mut sources = crate::source::Sources::default();
    // The configuration's rules_dirs count too.
    let (_, mut rule_set, rule_files) = config_and_rules(args);
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
    let id = match rule_ids("--explain", std::slice::from_ref(asked), &rule_set) {
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

/// The governing configuration (read once, its `rule` blocks not yet checked) and the run's
/// rules: the built-ins and the custom rules of its `rules_dirs` and of `--rules`, whose files
/// are registered with the run's sources once the tree is loaded.
fn config_and_rules(
    args: &LintArgs,
) -> (
    config::LoadedConfig,
    rules::RuleSet,
    rules::custom::RuleFiles,
) {
    let main = config::load(args.config.as_deref(), &args.paths);
    let mut governing = Settings::default();
    main.config.apply(&mut governing);
    // Skipping rules on the command line does not change where the rules are read from.
    let settings = settings_for(args, &governing, meta::builtin_set());
    let mut dirs = rules_dirs(args, &settings, main.config.path.as_deref());
    // A configuration entry that does not exist is an error at its line (missing_rules_dirs),
    // not the loader's "pass a directory to --rules".
    dirs.retain(|d| {
        !main.config.rules_dirs.contains(&d.path) || std::fs::symlink_metadata(&d.path).is_ok()
    });
    let (custom, files) = rules::custom::load_apart(&dirs, rules::custom::LoadMode::Lint);
    (main, rules::RuleSet::with_custom(custom), files)
}

/// Custom rule directories: the configuration's `rules_dirs`, then `--rules`, each once. The
/// configuration's entries must stay inside the checked tree when the configuration lies in it.
fn rules_dirs(
    args: &LintArgs,
    settings: &Settings,
    config_file: Option<&std::path::Path>,
) -> Vec<rules::custom::RulesDir> {
    let tree = discover::tree_of_paths(&args.paths);
    let config_in_tree = args.config.is_none() || config_file.is_some_and(|c| c.starts_with(&tree));
    let from_config = settings.rules_dirs.iter().map(|d| rules::custom::RulesDir {
        path: d.clone(),
        tree: config_in_tree.then(|| tree.clone()),
    });
    let mut out: Vec<rules::custom::RulesDir> = Vec::new();
    for d in from_config.chain(args.rules_dirs.iter().map(rules::custom::RulesDir::trusted)) {
        let key = std::fs::canonicalize(&d.path).unwrap_or_else(|_| d.path.clone());
        if !out
            .iter()
            .any(|o| std::fs::canonicalize(&o.path).unwrap_or_else(|_| o.path.clone()) == key)
        {
            out.push(d);
        }
    }
    out
}

/// The governing configuration's `rules_dirs` entries that do not exist, each an error at the
/// entry's line in the configuration file (where the fix is), not a hint about `--rules`.
fn missing_rules_dirs(cfg: &mut config::LoadedConfig) {
    let span = cfg
        .config
        .spans
        .get("rules_dirs")
        .copied()
        .unwrap_or_default();
    for dir in &cfg.config.rules_dirs {
        if std::fs::symlink_metadata(dir).is_ok() {
            continue;
        }
        let mut d = Diagnostic::error(
            "rules-dir",
            format!(
                "rules_dirs names {}, which does not exist",
                crate::files::shown(dir)
            ),
        )
        .with_help("create the folder of rule files (*.hcl), or correct the entry");
        // Located in the file when the configuration is registered with the run's sources.
        d.loc = Some(crate::source::Loc { file: None, span });
        cfg.diagnostics.push(d);
    }
}

/// Defaults, then the configuration file, then flags (flags win).
fn settings_for(args: &LintArgs, from_files: &Settings, rules: &rules::RuleSet) -> Settings {
    let mut s = from_files.clone();
    // The command line is the runner's: `--strict` can only turn strict mode on.
    s.strict |= args.strict;
    if let Some(e) = args.env {
        s.environment = Some(e);
    }
    if let Some(l) = args.fail_on.as_deref().and_then(Level::parse) {
        s.fail_on = l;
    }
    for (id, _) in command_line_skips(args, rules).unwrap_or_default() {
        if s.rule_enabled(&id) {
            s.disabled_rules.push(id);
        }
    }
    s
}

/// The rules `--check` leaves out and those `--skip-check` names, each with its flag; `Err`
/// names an entry that is no rule (ids and names, as the configuration accepts them).
fn command_line_skips(
    args: &LintArgs,
    rules: &rules::RuleSet,
) -> Result<Vec<(String, &'static str)>, String> {
    let checked = rule_ids("--check", &args.checks, rules)?;
    let skipped = rule_ids("--skip-check", &args.skip_checks, rules)?;
    let mut out: Vec<(String, &'static str)> = Vec::new();
    if !args.checks.is_empty() {
        for m in rules
            .iter()
            .filter(|m| !checked.iter().any(|c| *c == *m.id))
        {
            out.push((m.id.to_string(), "--check"));
        }
    }
    for id in skipped {
        if !out.iter().any(|(o, _)| *o == id) {
            out.push((id, "--skip-check"));
        }
    }
    Ok(out)
}

/// The ids of the rules `names` names (a rule id in any case, or a rule's name).
fn rule_ids(flag: &str, names: &[String], rules: &rules::RuleSet) -> Result<Vec<String>, String> {
    let all: Vec<&rules::RuleMeta> = rules.iter().collect();
    let mut ids = Vec::new();
    for name in names.iter().map(|n| n.trim()) {
        let found = all
            .iter()
            .find(|m| m.id.eq_ignore_ascii_case(name) || m.name.eq_ignore_ascii_case(name));
        match found {
            Some(m) => ids.push(m.id.to_string()),
            None if name.is_empty() => {
                return Err(format!(
                    "{flag} has an empty entry: name rules by id or name"
                ))
            }
            None => {
                let known: Vec<&str> = all
                    .iter()
                    .flat_map(|m| [m.id.as_str(), m.name.as_str()])
                    .collect();
                let hint = match config::did_you_mean(name, &known) {
                    Some(s) => format!("did you mean `{s}`?"),
                    None => "`pe-lint --list-rules` lists them".to_string(),
                };
                return Err(format!("{flag}: unknown rule `{name}`; {hint}"));
            }
        }
    }
    Ok(ids)
}

/// Exclusions, inline suppressions, the focus of file arguments, then the baseline.
fn exceptions(
    args: &LintArgs,
    cfg: &config::Config,
    (settings, rule_set): (&Settings, &rules::RuleSet),
    loaded: &lint::Loaded,
    mut verdicts: Vec<Verdict>,
    started_at: &str,
) -> (Vec<Verdict>, Vec<Diagnostic>) {
    let src = &loaded.sources;
    if let Some(ex) = cfg.exclude() {
        // An excluded override file is checked anyway (`Exclude::filter`), so a finding located
        // in it (an argument it sets) is kept.
        verdicts.retain(|v| {
            v.loc.file.is_none_or(|f| {
                let path = &src.get(f).path;
                !ex.matches(path) || config::loaded_anyway(path)
            })
        });
    }
    // Suppressions see every verdict (so a suppression is "used" by a finding that the focus of
    // file arguments drops); their warnings are kept only for the files in focus.
    let today = started_at.get(..10).unwrap_or(started_at);
    let mut diags = suppress::apply(&mut verdicts, &loaded.model, src, settings, rule_set, today);
    let mut verdicts = lint::in_scope(&loaded.scope, verdicts, src);
    let scope = &loaded.scope;
    if !scope.context_roots.is_empty() {
        diags.retain(|d| {
            d.loc.and_then(|l| l.file).is_none_or(|f| {
                src.get(f)
                    .path
                    .parent()
                    .is_some_and(|dir| scope.dirs.contains(&crate::discover::absolute(dir)))
            })
        });
    }
    diags.extend(baseline::run(&baseline_request(args), &mut verdicts, src));
    (verdicts, diags)
}

/// An invalid configuration stops the run (exit code 2) with its errors, in the requested format.
fn config_failed(args: &LintArgs, mut cfg: config::LoadedConfig, started_at: String) -> u8 {
    let mut sources = crate::source::Sources::default();
    let diagnostics = cfg.register(&mut sources);
    let model = crate::terraform::Model::default();
    let r = Report {
        sources: &sources,
        model: &model,
        verdicts: &[],
        diagnostics: &diagnostics,
        roots: Vec::new(),
        environment: None,
        files: sources.len(),
        started_at: Some(started_at),
        elapsed: std::time::Duration::ZERO,
        color: color_wanted(args),
        sarif_category: args.sarif_category.clone(),
        severities: Default::default(),
        strict: false,
        run: run_info(args, &Settings::default(), Default::default()),
        rules: meta::builtin_set(),
    };
    let _ = write_outputs(args, &r);
    summary_to_stderr(args, &r);
    EXIT_UNTRUSTED
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

/// A directory given to check (the working directory when none is) in which no Terraform
/// root was found: a gate pointed at the wrong folder must not pass. An error (exit code 2)
/// unless `--allow-empty`, which keeps it as a warning.
fn nothing_checked(args: &LintArgs, loaded: &lint::Loaded) -> Vec<Diagnostic> {
    if args.plan.is_some() {
        return Vec::new();
    }
    let given: Vec<PathBuf> = match args.paths.is_empty() {
        true => vec![PathBuf::from(".")],
        false => args.paths.clone(),
    };
    let roots: Vec<PathBuf> = loaded
        .model
        .roots
        .iter()
        .flat_map(|r| [crate::files::absolute(&r.dir), canonical(&r.dir)])
        .collect();
    let mut out = Vec::new();
    for raw in given.iter().filter(|p| p.is_dir()) {
        let (abs, canon) = (crate::files::absolute(raw), canonical(raw));
        if !roots
            .iter()
            .any(|d| d.starts_with(&abs) || d.starts_with(&canon))
        {
            out.push(empty_path(args, &crate::source::display_path(raw)));
        }
    }
    // File arguments that are not Terraform, or that Terraform ignores, each have a warning
    // of their own and leave the run "not checked" (exit 0): a hook given only such changed
    // files has nothing to check.
    out
}

fn empty_path(args: &LintArgs, shown: &str) -> Diagnostic {
    let message =
        format!("{shown}: no Terraform (.tf or .tf.json files) found here, so nothing was checked");
    let d = match args.allow_empty {
        true => Diagnostic::warning("nothing-checked", message),
        false => Diagnostic::error("nothing-checked", message),
    };
    d.with_help(
        "point pe-lint at the folder that holds the Terraform configuration; `--allow-empty` \
         accepts a run that checks nothing (it is still reported as not checked)",
    )
}

/// How the evidence was produced: configuration files and their digests, settings that
/// differ from the defaults and where they were set, var files, `--var` names, where each
/// root's environment came from, the baseline and the commit.
fn provenance_of(
    args: &LintArgs,
    policy: &config::Policy,
    loaded: &lint::Loaded,
    rules: &rules::RuleSet,
) -> report::provenance::Provenance {
    use crate::terraform::vars::CliVar;
    use report::provenance as p;
    let settings = settings_for(args, &policy.settings, rules);
    let mut flags = std::collections::BTreeMap::new();
    if args.env.is_some() {
        flags.insert("environment", "--env");
    }
    if args.fail_on.is_some() {
        flags.insert("fail_on", "--fail-on");
    }
    if args.strict {
        flags.insert("strict", "--strict");
    }
    let skips: Vec<(String, &str)> = command_line_skips(args, rules)
        .unwrap_or_default()
        .into_iter()
        .map(|(id, flag)| (format!("rule.{id}.enabled"), flag))
        .collect();
    for (key, flag) in &skips {
        flags.insert(key.as_str(), *flag);
    }
    let configs: Vec<&config::LoadedConfig> = std::iter::once(&policy.main)
        .chain(&policy.nested)
        .collect();
    let (mut var_files, mut var_names) = (Vec::new(), Vec::new());
    for v in &args.var_order {
        match v {
            CliVar::File(f) => var_files.push(crate::source::display_path(f)),
            CliVar::Var(name, _) => var_names.push(name.clone()),
        }
    }
    let start = loaded
        .model
        .roots
        .first()
        .map_or_else(|| PathBuf::from("."), |r| r.dir.clone());
    let mut changed = p::changed_settings(&settings, &configs, &flags);
    if args.soft_fail {
        changed.push(p::Setting {
            name: "soft_fail".into(),
            value: "true".into(),
            default: "false".into(),
            from: "--soft-fail".into(),
        });
    }
    p::Provenance {
        config_files: configs
            .iter()
            .filter_map(|c| c.source.as_ref().map(p::config_file))
            .collect(),
        settings: changed,
        var_files,
        var_names,
        environment_from: loaded
            .model
            .roots
            .iter()
            .map(|r| {
                format!(
                    "{}: {}",
                    r.display,
                    rules::settings::environment(r, &settings).1
                )
            })
            .collect(),
        baseline: args.baseline.as_deref().map(crate::source::display_path),
        git_commit: report::markdown::git_head(&start).map(|(c, _)| c),
    }
}

fn canonical(p: &std::path::Path) -> PathBuf {
    std::fs::canonicalize(p).unwrap_or_else(|_| crate::files::absolute(p))
}

/// What the reports show of how the run was set up.
fn run_info(
    args: &LintArgs,
    settings: &Settings,
    provenance: report::provenance::Provenance,
) -> report::RunInfo {
    let mut disabled = report::provenance::disabled(&provenance.settings);
    for id in &settings.disabled_rules {
        if !disabled.iter().any(|(d, _)| d.eq_ignore_ascii_case(id)) {
            disabled.push((id.clone(), None));
        }
    }
    report::RunInfo {
        fail_on: settings.fail_on,
        soft_fail: args.soft_fail,
        show_suppressed: args.show_suppressed,
        disabled,
        path_prefix: report::cwd_in_repo(),
        repo_root: crate::files::git_root(&crate::files::absolute(
            args.paths
                .first()
                .map_or(std::path::Path::new("."), PathBuf::as_path),
        ))
        .map(|r| format!("{}/", r.to_string_lossy().trim_end_matches('/'))),
        provenance,
        paths: args
            .paths
            .iter()
            .map(|p| crate::source::display_path(p))
            .collect(),
        fixed: None,
    }
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
    verdicts: &mut [Verdict],
    after_fix: Option<&AfterFix>,
) -> Fixing {
    let mut out = Fixing {
        fixed: None,
        diff: None,
        rerun: None,
    };
    if !args.fix && !args.diff {
        return out;
    }
    let options = crate::fix::Options {
        within: checked_trees(args)
            .iter()
            .map(|t| crate::files::absolute(t))
            .collect(),
        ..options.clone()
    };
    let remedies = crate::fix::plan(loaded, settings, &options, verdicts);
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

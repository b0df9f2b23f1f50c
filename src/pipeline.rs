//! The one pipeline: the configuration and the run's rules, then the tree (sources or a plan),
//! the rules, suppressions, the focus of file arguments and the baseline. It prints nothing
//! and keeps no state between calls: the command line, `inspect`, the tests and the
//! benchmarks each call [`check`] and render or inspect the [`Report`] it returns.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::time::Duration;

use crate::diag::Diagnostic;
use crate::limits::LimitArg;
use crate::report::{self, RunInfo};
use crate::rules::settings::Level;
use crate::rules::{self, Settings, Verdict};
use crate::source::Sources;
use crate::terraform::vars::CliVar;
use crate::types::{Env, Format};
use crate::{baseline, config, discover, lint, suppress};

/// What to check and how: everything a run depends on besides the files themselves. Nothing is
/// read from the process environment; the command line fills `tf_vars` and `workspace` from it.
#[derive(Clone, Debug, Default)]
pub struct Options {
    /// Directories or files to check; none means the working directory.
    pub paths: Vec<PathBuf>,
    /// `-var` and `-var-file`, in command-line order.
    pub vars: Vec<CliVar>,
    /// `TF_VAR_name` values: `(name, value)`, sorted by name.
    pub tf_vars: Vec<(String, String)>,
    /// `terraform.workspace`; unknown when `None`.
    pub workspace: Option<String>,
    /// A configuration file to use instead of the `.pe-lint.hcl` found from the paths.
    pub config: Option<PathBuf>,
    /// A `terraform show -json` plan whose values replace (or, with paths, overlay) evaluation.
    pub plan: Option<PathBuf>,
    /// A baseline of accepted findings to read, and one to write.
    pub baseline: Option<PathBuf>,
    pub write_baseline: Option<PathBuf>,
    /// Strict mode: what could not be checked fails the run (only ever turns it on).
    pub strict: bool,
    /// The environment every root is checked as, over the configuration's.
    pub env: Option<Env>,
    /// The lowest failing severity that fails the run (`low` .. `critical`, `never`).
    pub fail_on: Option<String>,
    /// A directory that holds no Terraform is a warning rather than an error.
    pub allow_empty: bool,
    /// Directories of custom rules, after the configuration's `rules_dirs`.
    pub rules_dirs: Vec<PathBuf>,
    /// Resource limits (`--limit NAME=N`), applied in order.
    pub limits: Vec<LimitArg>,
    /// Worker threads of the pool the caller runs `check` on; 0 for one per core.
    pub jobs: usize,
    /// `--check`: only these rules run (ids or names); none means all.
    pub checks: Vec<String>,
    /// `--skip-check`: rules left out (ids or names).
    pub skip_checks: Vec<String>,
    /// `--soft-fail`: failing findings do not fail the run (recorded in the report).
    pub soft_fail: bool,
    /// `--show-suppressed`: the human report lists suppressed findings.
    pub show_suppressed: bool,
}

/// A finished run: the tree as loaded (sources, model, diagnostics), the verdicts after
/// suppressions and the baseline, the rule set and the settings that decided them.
pub struct Report {
    pub loaded: lint::Loaded,
    pub verdicts: Vec<Verdict>,
    pub rules: rules::RuleSet,
    pub settings: Settings,
    /// The environments the roots were checked as, joined with ", ".
    pub environment: Option<String>,
    /// When the run started (RFC 3339, `SOURCE_DATE_EPOCH` when set) and how long it took.
    pub started_at: String,
    pub elapsed: Duration,
    /// Effective severity of each rule under the run's settings.
    pub severities: BTreeMap<String, Level>,
    pub run: RunInfo,
    /// The governing configuration's `autofix` settings (what `--fix` may change).
    pub autofix: crate::fix::Options,
}

/// Why a run produced no verdicts.
pub enum Error {
    /// The configuration is invalid: its diagnostics, reported in the requested format.
    Config(Box<ConfigFailure>),
    /// A rule named by `checks` or `skip_checks` does not exist: the message.
    UnknownRule(String),
    /// A panic escaped the pipeline's own boundaries (a bug): its message.
    Internal(String),
}

/// An invalid configuration, with the sources its diagnostics point into.
pub struct ConfigFailure {
    pub sources: Sources,
    pub diagnostics: Vec<Diagnostic>,
    pub started_at: String,
    pub run: RunInfo,
}

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Error::Config(c) => write!(
                f,
                "invalid configuration ({} diagnostics)",
                c.diagnostics.len()
            ),
            Error::UnknownRule(msg) => write!(f, "error: {msg}"),
            Error::Internal(msg) => write!(f, "internal error: {msg}"),
        }
    }
}

impl std::fmt::Debug for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Display::fmt(self, f)
    }
}

impl std::error::Error for Error {}

impl Report {
    /// The report in one format, uncoloured and without a SARIF category: the bytes
    /// `pe-lint --format FORMAT` writes.
    pub fn render(&self, format: Format) -> String {
        report::render_format(format, &self.view(false, None))
    }

    /// The exit code of the run: 2 when part of the tree could not be checked, 1 when the
    /// findings fail it under `fail_on`, else 0.
    pub fn exit_code(&self) -> u8 {
        self.view(false, None).exit_code()
    }

    /// The view every output format renders; `color` and `sarif_category` are the caller's.
    pub fn view(&self, color: bool, sarif_category: Option<String>) -> report::Report<'_> {
        report::Report {
            environment: self.environment.clone(),
            started_at: Some(self.started_at.clone()),
            elapsed: self.elapsed,
            color,
            sarif_category,
            severities: self.severities.clone(),
            strict: self.settings.strict,
            run: self.run.clone(),
            rules: &self.rules,
            ..report::Report::of(&self.loaded, &self.verdicts)
        }
    }
}

impl ConfigFailure {
    /// The report of a run stopped by its configuration: its errors and nothing else.
    pub fn view<'a>(
        &'a self,
        model: &'a crate::terraform::Model,
        color: bool,
        sarif_category: Option<String>,
    ) -> report::Report<'a> {
        report::Report {
            sources: &self.sources,
            model,
            verdicts: &[],
            diagnostics: &self.diagnostics,
            roots: Vec::new(),
            environment: None,
            files: self.sources.len(),
            started_at: Some(self.started_at.clone()),
            elapsed: Duration::ZERO,
            color,
            sarif_category,
            severities: Default::default(),
            strict: false,
            run: self.run.clone(),
            rules: rules::meta::builtin_set(),
        }
    }
}

/// Check a tree: the one pipeline behind the command line, `inspect` and the tests.
///
/// Re-entrant and silent (stage timings on stderr only with `PE_LINT_TIMINGS`). Runs on the
/// caller's rayon pool; a panic that escapes the per-file, per-root and per-rule boundaries is
/// an [`Error::Internal`].
pub fn check(opts: &Options) -> Result<Report, Error> {
    check_in(opts, Input::default())
}

/// What a run checks besides `Options`: the tree in memory instead of `paths`, and the rules
/// instead of the built-ins and those of the `rules_dirs`.
#[derive(Default)]
pub(crate) struct Input {
    pub memory: Option<std::sync::Arc<lint::MemoryTree>>,
    pub rules: Option<rules::RuleSet>,
}

/// [`check`] on a root module held in memory (its `.pe-lint.hcl`, when it holds one, is the
/// configuration), with `rules` as the run's rules when given: the fuzz targets and
/// `pe-lint test-rules` run the whole pipeline this way, without a temporary folder.
pub fn check_memory(
    opts: &Options,
    tree: lint::MemoryTree,
    rules: Option<rules::RuleSet>,
) -> Result<Report, Error> {
    let opts = Options {
        paths: vec![tree.dir.clone()],
        ..opts.clone()
    };
    let input = Input {
        memory: Some(std::sync::Arc::new(tree)),
        rules,
    };
    check_in(&opts, input)
}

fn check_in(opts: &Options, input: Input) -> Result<Report, Error> {
    crate::guard::catch(|| check_caught(opts, input))
        .unwrap_or_else(|msg| Err(Error::Internal(msg)))
}

/// The tree as loaded and evaluated, without the configuration or the rules: what
/// `pe-lint inspect` shows.
pub struct Inspection {
    /// The evaluated model as JSON, shaped like `terraform show -json` where it can be.
    pub json: serde_json::Value,
    /// What could not be read or evaluated.
    pub diagnostics: Vec<Diagnostic>,
}

/// Load and evaluate a tree as [`check`] does, and describe every resource instance.
pub fn inspect(opts: &Options) -> Inspection {
    let loaded = load(opts, &load_options(opts));
    Inspection {
        json: crate::inspect::render(&loaded),
        diagnostics: loaded.diagnostics,
    }
}

/// The options `lint::load` and `plan::load` take.
pub(crate) fn load_options(opts: &Options) -> lint::Options {
    let mut o = lint::Options::new(opts.paths.clone());
    o.cli_vars = opts.vars.clone();
    o.env_vars = opts.tf_vars.clone();
    o.workspace = opts.workspace.clone();
    o.jobs = opts.jobs;
    lint::apply_limits(&mut o, &opts.limits);
    o
}

/// Static evaluation, or a plan's values with `plan` (on top of the sources when paths are given).
pub(crate) fn load(opts: &Options, load_opts: &lint::Options) -> lint::Loaded {
    match &opts.plan {
        Some(plan) => crate::plan::load(load_opts, plan, !opts.paths.is_empty()),
        None => lint::load(load_opts),
    }
}

fn check_caught(opts: &Options, input: Input) -> Result<Report, Error> {
    let started = std::time::Instant::now();
    let started_at = report::timestamp();
    // Custom rules' ids must be known before the configuration's `rule` blocks and the
    // suppressions are checked, and the governing configuration names some of their
    // directories: read it, then the rules, then check its `rule` blocks.
    let (main, mut rule_set, rule_files) = config_and_rules(opts, input.memory.as_deref());
    if let Some(given) = input.rules {
        rule_set = given;
    }
    command_line_skips(opts, &rule_set).map_err(Error::UnknownRule)?;
    let mut policy = config::load_policy(
        main,
        opts.config.as_deref(),
        &opts.paths,
        opts.plan.is_none() || !opts.paths.is_empty(),
        &rule_set,
    );
    if policy.main.has_errors() {
        let mut sources = Sources::default();
        let diagnostics = policy.main.register(&mut sources);
        let run = run_info(opts, &Settings::default(), Default::default());
        let failure = ConfigFailure {
            sources,
            diagnostics,
            started_at,
            run,
        };
        return Err(Error::Config(Box::new(failure)));
    }
    let mut load_opts = load_options(opts);
    load_opts.exclude = policy.main.config.exclude();
    load_opts.memory = input.memory;
    let mut loaded = load(opts, &load_opts);
    let empty = nothing_checked(opts, &loaded);
    loaded.diagnostics.extend(empty);
    // Before the configuration files move into the run's sources.
    let provenance = provenance_of(opts, &policy, &loaded, &rule_set);
    missing_rules_dirs(&mut policy.main);
    let config_diags = policy.register(&mut loaded.sources);
    loaded.diagnostics.extend(config_diags);
    let settings = settings_for(opts, &policy.settings, &rule_set);
    if let Some(env) = settings.environment {
        loaded
            .diagnostics
            .extend(crate::terraform::vars::env_conflicts(
                &loaded.model.roots,
                env,
                rules::settings::ENV_VARIABLES,
            ));
    }
    let rule_diags = rule_files.register(&mut loaded.sources, rule_set.custom_mut());
    loaded.diagnostics.extend(rule_diags);
    let verdicts = decide(
        opts,
        &policy.main.config,
        &settings,
        &rule_set,
        &mut loaded,
        &started_at,
    );
    strict_warnings(&settings, &mut loaded.diagnostics);
    Ok(Report {
        environment: environment_label(&loaded, &settings),
        severities: rule_set
            .iter()
            .map(|m| (m.id.to_string(), rule_set.severity(&settings, &m.id)))
            .collect(),
        run: run_info(opts, &settings, provenance),
        started_at,
        elapsed: started.elapsed(),
        loaded,
        verdicts,
        rules: rule_set,
        settings,
        autofix: policy.main.config.autofix.clone(),
    })
}

/// What strict mode fails on is shown as a warning in every format (GitHub annotations and
/// SARIF leave notes out).
pub(crate) fn strict_warnings(settings: &Settings, diagnostics: &mut [Diagnostic]) {
    if settings.strict {
        for d in diagnostics {
            if rules::settings::NOT_CHECKED.contains(&d.code) {
                d.severity = crate::diag::Severity::Warning;
            }
        }
    }
}

/// The rules' verdicts, then exclusions, suppressions, the focus and the baseline; their
/// diagnostics join the run's.
fn decide(
    opts: &Options,
    cfg: &config::Config,
    settings: &Settings,
    rule_set: &rules::RuleSet,
    loaded: &mut lint::Loaded,
    started_at: &str,
) -> Vec<Verdict> {
    let timer = lint::Timer::new();
    let (verdicts, run_diags) = rules::run_with(&loaded.model, settings, &loaded.sources, rule_set);
    loaded.diagnostics.extend(run_diags);
    timer.lap("rules");
    let kept = verdicts.clone();
    let (verdicts, exception_diags) = crate::guard::catch(|| {
        exceptions(
            opts,
            cfg,
            (settings, rule_set),
            loaded,
            verdicts,
            started_at,
        )
    })
    .unwrap_or_else(|msg| {
        let d = crate::guard::internal_error("applying", "suppressions and the baseline", &msg);
        (kept, vec![d])
    });
    loaded.diagnostics.extend(exception_diags);
    timer.lap("suppressions");
    verdicts
}

pub(crate) fn environment_label(loaded: &lint::Loaded, settings: &Settings) -> Option<String> {
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
pub(crate) fn baseline_request(opts: &Options) -> baseline::Request<'_> {
    baseline::Request {
        read: opts.baseline.as_deref(),
        write: opts.write_baseline.as_deref(),
        first_path: opts.paths.first().map(PathBuf::as_path),
        max_file_bytes: opts
            .limits
            .iter()
            .rev()
            .find(|l| l.name == "file-size")
            .map_or(crate::parse::MAX_FILE_BYTES, |l| l.value),
    }
}

/// The governing configuration (read once, its `rule` blocks not yet checked) and the run's
/// rules: the built-ins and the custom rules of its `rules_dirs` and of `--rules`, whose files
/// are registered with the run's sources once the tree is loaded.
pub(crate) fn config_and_rules(
    opts: &Options,
    memory: Option<&lint::MemoryTree>,
) -> (
    config::LoadedConfig,
    rules::RuleSet,
    rules::custom::RuleFiles,
) {
    let main = match memory {
        Some(tree) => match tree.file(config::FILE_NAME) {
            Some(bytes) => config::from_bytes(&tree.dir.join(config::FILE_NAME), bytes),
            None => config::LoadedConfig::default(),
        },
        None => config::load(opts.config.as_deref(), &opts.paths),
    };
    let mut governing = Settings::default();
    main.config.apply(&mut governing);
    // Skipping rules on the command line does not change where the rules are read from.
    let settings = settings_for(opts, &governing, rules::meta::builtin_set());
    let mut dirs = rules_dirs(opts, &settings, main.config.path.as_deref());
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
pub(crate) fn rules_dirs(
    opts: &Options,
    settings: &Settings,
    config_file: Option<&std::path::Path>,
) -> Vec<rules::custom::RulesDir> {
    let tree = discover::tree_of_paths(&opts.paths);
    let config_in_tree = opts.config.is_none() || config_file.is_some_and(|c| c.starts_with(&tree));
    let from_config = settings.rules_dirs.iter().map(|d| rules::custom::RulesDir {
        path: d.clone(),
        tree: config_in_tree.then(|| tree.clone()),
    });
    let mut out: Vec<rules::custom::RulesDir> = Vec::new();
    for d in from_config.chain(opts.rules_dirs.iter().map(rules::custom::RulesDir::trusted)) {
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
pub(crate) fn missing_rules_dirs(cfg: &mut config::LoadedConfig) {
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
pub(crate) fn settings_for(
    opts: &Options,
    from_files: &Settings,
    rules: &rules::RuleSet,
) -> Settings {
    let mut s = from_files.clone();
    // The command line is the runner's: `--strict` can only turn strict mode on.
    s.strict |= opts.strict;
    if let Some(e) = opts.env {
        s.environment = Some(e);
    }
    if let Some(l) = opts.fail_on.as_deref().and_then(Level::parse) {
        s.fail_on = l;
    }
    for (id, _) in command_line_skips(opts, rules).unwrap_or_default() {
        if s.rule_enabled(&id) {
            s.disabled_rules.push(id);
        }
    }
    s
}

/// The rules `--check` leaves out and those `--skip-check` names, each with its flag; `Err`
/// names an entry that is no rule (ids and names, as the configuration accepts them).
pub(crate) fn command_line_skips(
    opts: &Options,
    rules: &rules::RuleSet,
) -> Result<Vec<(String, &'static str)>, String> {
    let checked = rule_ids("--check", &opts.checks, rules)?;
    let skipped = rule_ids("--skip-check", &opts.skip_checks, rules)?;
    let mut out: Vec<(String, &'static str)> = Vec::new();
    if !opts.checks.is_empty() {
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
pub(crate) fn rule_ids(
    flag: &str,
    names: &[String],
    rules: &rules::RuleSet,
) -> Result<Vec<String>, String> {
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
pub(crate) fn exceptions(
    opts: &Options,
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
    diags.extend(baseline::run(&baseline_request(opts), &mut verdicts, src));
    (verdicts, diags)
}

/// A directory given to check (the working directory when none is) in which no Terraform
/// root was found: a gate pointed at the wrong folder must not pass. An error (exit code 2)
/// unless `--allow-empty`, which keeps it as a warning.
pub(crate) fn nothing_checked(opts: &Options, loaded: &lint::Loaded) -> Vec<Diagnostic> {
    if opts.plan.is_some() {
        return Vec::new();
    }
    let given: Vec<PathBuf> = match opts.paths.is_empty() {
        true => vec![PathBuf::from(".")],
        false => opts.paths.clone(),
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
            out.push(empty_path(opts, &crate::source::display_path(raw)));
        }
    }
    // File arguments that are not Terraform, or that Terraform ignores, each have a warning
    // of their own and leave the run "not checked" (exit 0): a hook given only such changed
    // files has nothing to check.
    out
}

pub(crate) fn empty_path(opts: &Options, shown: &str) -> Diagnostic {
    let message =
        format!("{shown}: no Terraform (.tf or .tf.json files) found here, so nothing was checked");
    let d = match opts.allow_empty {
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
pub(crate) fn provenance_of(
    opts: &Options,
    policy: &config::Policy,
    loaded: &lint::Loaded,
    rules: &rules::RuleSet,
) -> report::provenance::Provenance {
    use crate::terraform::vars::CliVar;
    use report::provenance as p;
    let settings = settings_for(opts, &policy.settings, rules);
    let mut flags = std::collections::BTreeMap::new();
    if opts.env.is_some() {
        flags.insert("environment", "--env");
    }
    if opts.fail_on.is_some() {
        flags.insert("fail_on", "--fail-on");
    }
    if opts.strict {
        flags.insert("strict", "--strict");
    }
    let skips: Vec<(String, &str)> = command_line_skips(opts, rules)
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
    for v in &opts.vars {
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
    if opts.soft_fail {
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
        baseline: opts.baseline.as_deref().map(crate::source::display_path),
        git_commit: report::markdown::git_head(&start).map(|(c, _)| c),
    }
}

pub(crate) fn canonical(p: &std::path::Path) -> PathBuf {
    std::fs::canonicalize(p).unwrap_or_else(|_| crate::files::absolute(p))
}

/// What the reports show of how the run was set up.
pub(crate) fn run_info(
    opts: &Options,
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
        soft_fail: opts.soft_fail,
        show_suppressed: opts.show_suppressed,
        disabled,
        path_prefix: report::cwd_in_repo(),
        repo_root: crate::files::git_root(&crate::files::absolute(
            opts.paths
                .first()
                .map_or(std::path::Path::new("."), PathBuf::as_path),
        ))
        .map(|r| format!("{}/", r.to_string_lossy().trim_end_matches('/'))),
        provenance,
        paths: opts
            .paths
            .iter()
            .map(|p| crate::source::display_path(p))
            .collect(),
        fixed: None,
        fixable: Vec::new(),
    }
}

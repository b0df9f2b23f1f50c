//! Command-line flags, defined in one place.

use std::path::{Path, PathBuf};

use clap::{Parser, Subcommand};

pub use crate::types::{Env, Format};

const AFTER_HELP: &str = "\
Examples:
  pe-lint infrastructure/                      lint a tree, human output
  pe-lint infra/ --env prod --var-file prod.tfvars
  pe-lint infra/ --format sarif -o pe-lint.sarif
  pe-lint infra/ --format human --format sarif:pe-lint.sarif
                                               the console's report, and SARIF from the same run
  pe-lint infra/ --skip-check PE007            skip a rule (by id or name)
  pe-lint infra/ --evidence-dir docs/evidence/compliance
  pe-lint --explain PE003                      show a rule's documentation
  pe-lint --plan plan.json infra/              check a `terraform show -json` plan
  pe-lint inspect infra/                       print the evaluated model as JSON
  pe-lint infra/ --rules policies/             also check custom rules (docs/custom-rules.md)
  pe-lint test-rules policies/                 run the custom rules' examples

Exit codes:
  0  no failing findings
  1  failing findings (0 with --soft-fail)
  2  the run could not be trusted (usage error, unreadable or unparseable file, bad config);
     --soft-fail never turns it into 0";

#[derive(Debug, Parser)]
#[command(
    name = "pe-lint",
    version,
    about = "Policy-as-code compliance linter for Terraform",
    after_help = AFTER_HELP,
    args_conflicts_with_subcommands = true,
    // Our own -h/-V flags: clap's print help and exit 0 the moment they are seen, even among
    // paths (a committed `-h.tf` passed by a hook without `--` would pass the commit).
    disable_help_flag = true,
    disable_version_flag = true
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,

    /// Print help (see more with '--help').
    #[arg(short = 'h', action = clap::ArgAction::SetTrue)]
    pub short_help: bool,

    /// Print help.
    #[arg(long = "help", action = clap::ArgAction::SetTrue)]
    pub long_help: bool,

    /// Print version.
    #[arg(short = 'V', long = "version", action = clap::ArgAction::SetTrue)]
    pub version: bool,

    #[command(flatten)]
    pub args: LintArgs,
}

#[derive(Debug, Subcommand)]
// Parsed once per run: the size difference between variants costs nothing.
#[allow(clippy::large_enum_variant)]
pub enum Command {
    /// Print the evaluated model (resources, values, unknowns, effective tags) as JSON.
    Inspect(LintArgs),
    /// Run the examples of rule files (custom rules, or rules/): each `example "pass"` must
    /// pass the rule, each `example "fail"` must fail it.
    TestRules(TestRulesArgs),
}

#[derive(Debug, clap::Args, Clone, Default)]
pub struct TestRulesArgs {
    /// Directories of rule files (*.hcl), or rule files.
    #[arg(value_name = "DIR", required = true)]
    pub dirs: Vec<PathBuf>,

    /// Environment the examples are checked in (default: each example's `environment` variable).
    #[arg(long, value_enum)]
    pub env: Option<Env>,

    /// Also show the verdicts of examples that behave as expected.
    #[arg(short, long)]
    pub verbose: bool,
}

#[derive(Debug, clap::Args, Clone, Default)]
pub struct LintArgs {
    /// Directories or files to check (a file is checked as part of its module; a child module's
    /// file through the roots that call it; a var file with its root).
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,

    /// Output format: human, json, sarif, markdown, github or junit; `FORMAT:FILE` writes it
    /// to FILE (repeatable: `--format human --format sarif:report.sarif` keeps the console
    /// output and writes SARIF from the same run). At most one format without a FILE; it goes
    /// to standard output, or to `-o FILE`.
    #[arg(long = "format", value_name = "FORMAT[:FILE]", value_parser = parse_output)]
    pub formats: Vec<OutputSpec>,

    /// Write the report of the `--format` without a FILE to FILE instead of standard output.
    #[arg(short = 'o', long, value_name = "FILE")]
    pub output: Option<PathBuf>,

    /// Check only these rules (ids or names, comma-separated, repeatable).
    #[arg(long = "check", value_name = "RULES", value_delimiter = ',')]
    pub checks: Vec<String>,

    /// Skip these rules (ids or names, comma-separated, repeatable); the reports say each was
    /// skipped by the command line.
    #[arg(long = "skip-check", value_name = "RULES", value_delimiter = ',')]
    pub skip_checks: Vec<String>,

    /// Exit 0 when findings fail the run (the reports still say they fail). Never on a run
    /// that could not be trusted: exit code 2 stays 2.
    #[arg(long)]
    pub soft_fail: bool,

    /// Also write report.json, report.sarif and report.md into DIR.
    #[arg(long, value_name = "DIR")]
    pub evidence_dir: Option<PathBuf>,

    /// SARIF `automationDetails.id`: the GitHub code scanning category of this run.
    #[arg(long, value_name = "ID")]
    pub sarif_category: Option<String>,

    /// Set a root module variable, as `terraform plan -var` (repeatable).
    #[arg(long = "var", value_name = "NAME=VALUE")]
    pub vars: Vec<String>,

    /// Read variables from a tfvars file, relative to the working directory (repeatable).
    #[arg(long = "var-file", value_name = "FILE")]
    pub var_files: Vec<PathBuf>,

    /// Check the planned values of `terraform show -json PLAN` from FILE; with PATHs, on top of
    /// the static evaluation (findings point at source lines), else on their own.
    #[arg(long, value_name = "FILE")]
    pub plan: Option<PathBuf>,

    /// Environment for environment-dependent rules (log retention): dev, staging or prod, or
    /// an alias (development, stage, stg, production, prd). A root whose own environment
    /// variable names another environment is an error.
    #[arg(long, value_name = "ENV", value_parser = parse_env)]
    pub env: Option<Env>,

    /// The Terraform workspace `terraform.workspace` evaluates to (default: TF_WORKSPACE; when
    /// neither is given it is unknown and what depends on it is unresolved).
    #[arg(long, value_name = "NAME", value_parser = parse_workspace)]
    pub workspace: Option<String>,

    /// Load custom rules from the rule files (*.hcl) in DIR (repeatable).
    #[arg(long = "rules", value_name = "DIR")]
    pub rules_dirs: Vec<PathBuf>,

    /// Configuration file (default: .pe-lint.hcl at the git work tree's root, or at the scanned
    /// directory outside git; nested ones may only tighten it).
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,

    /// Raise (or lower) a resource limit: file-size, total-size, instances, eval-steps,
    /// total-steps, eval-depth, module-depth, string-length, collection-length (repeatable; e.g.
    /// `--limit instances=50000`, `--limit file-size=64M`; see docs/security.md).
    #[arg(long = "limit", value_name = "NAME=N", value_parser = crate::limits::parse_limit)]
    pub limits: Vec<crate::limits::LimitArg>,

    /// Minimum severity of a failing finding that makes the exit code 1 (default: error).
    #[arg(long, value_name = "LEVEL", value_parser = ["error", "warning", "info", "never"])]
    pub fail_on: Option<String>,

    /// Fail the run (exit code 1) on unresolved findings and on anything pe-lint could not
    /// check (a remote module not installed, a value it cannot evaluate); recommended for gates.
    #[arg(long)]
    pub strict: bool,

    /// Exit 0 when the paths hold no Terraform (by default a run that checked nothing is exit
    /// code 2); the reports still say nothing was checked, never that it passed.
    #[arg(long)]
    pub allow_empty: bool,

    /// Fail only on findings not recorded in this baseline file; report the rest as suppressed.
    #[arg(long, value_name = "FILE")]
    pub baseline: Option<PathBuf>,

    /// Record the current failing findings in a baseline file.
    #[arg(long, value_name = "FILE")]
    pub write_baseline: Option<PathBuf>,

    /// Worker threads (default: all cores).
    #[arg(long, short = 'j', value_name = "N", value_parser = clap::value_parser!(u16).range(1..=512))]
    pub jobs: Option<u16>,

    /// Disable colours (also honoured: the NO_COLOR environment variable).
    #[arg(long)]
    pub no_color: bool,

    /// List suppressed and baselined findings in the human output (else one line counts them).
    #[arg(long)]
    pub show_suppressed: bool,

    /// Print only failing findings and errors, no summary.
    #[arg(short, long)]
    pub quiet: bool,

    /// For pre-commit hooks: also check what the staged changes affect, deleted files included
    /// (the module a file was deleted from; the tree a changed `.pe-lint.hcl` governs).
    #[arg(long)]
    pub staged: bool,

    /// Fix what can be fixed safely, rewriting files in place (docs/autofix.md); the report
    /// and the exit code then describe what remains.
    #[arg(long, conflicts_with_all = ["diff", "plan"])]
    pub fix: bool,

    /// Print the edits `--fix` would make as a unified diff instead of the report; write
    /// nothing.
    #[arg(long, conflicts_with = "plan")]
    pub diff: bool,

    /// List the built-in rules and exit.
    #[arg(long)]
    pub list_rules: bool,

    /// Print a rule's documentation and exit.
    #[arg(long, value_name = "RULE")]
    pub explain: Option<String>,

    /// `--var` and `--var-file` in command-line order (filled in after parsing).
    #[arg(skip)]
    pub var_order: Vec<crate::terraform::vars::CliVar>,
}

/// One `--format`: a format and the file it is written to, if `FORMAT:FILE` named one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputSpec {
    pub format: Format,
    pub file: Option<PathBuf>,
}

/// `FORMAT` or `FORMAT:FILE`.
fn parse_output(raw: &str) -> Result<OutputSpec, String> {
    use clap::ValueEnum;
    let (name, file) = match raw.split_once(':') {
        Some((name, file)) => (name, Some(file)),
        None => (raw, None),
    };
    let format = Format::from_str(name, true).map_err(|_| {
        format!("unknown format {name:?}: one of human, json, sarif, markdown, github, junit, optionally as FORMAT:FILE")
    })?;
    match file {
        Some("") => Err(format!("--format {raw:?} names no file after the `:`")),
        file => Ok(OutputSpec {
            format,
            file: file.map(PathBuf::from),
        }),
    }
}

impl LintArgs {
    /// Every output of the run, in command-line order: the `--format`s (human when none is
    /// given), the one without a FILE written to `-o FILE` when given, else to standard output.
    pub fn outputs(&self) -> Vec<OutputSpec> {
        let mut out = self.formats.clone();
        if !out.iter().any(|o| o.file.is_none()) && (out.is_empty() || self.output.is_some()) {
            out.push(OutputSpec {
                format: Format::Human,
                file: None,
            });
        }
        for o in out.iter_mut().filter(|o| o.file.is_none()) {
            o.file.clone_from(&self.output);
        }
        out
    }

    /// Whether an output goes to standard output in this format.
    pub fn to_stdout(&self, format: Format) -> bool {
        self.outputs()
            .iter()
            .any(|o| o.format == format && o.file.is_none())
    }

    /// Interleave `--var` and `--var-file` by their position on the command line, since
    /// Terraform applies them in that order.
    pub fn order_vars(&mut self, matches: &clap::ArgMatches) {
        use crate::terraform::vars::CliVar;
        let mut items: Vec<(usize, CliVar)> = Vec::new();
        if let Some(idx) = matches.indices_of("vars") {
            for (i, raw) in idx.zip(self.vars.iter()) {
                let (name, value) = raw.split_once('=').unwrap_or((raw.as_str(), ""));
                items.push((i, CliVar::Var(name.trim().to_string(), value.to_string())));
            }
        }
        if let Some(idx) = matches.indices_of("var_files") {
            for (i, f) in idx.zip(self.var_files.iter()) {
                items.push((i, CliVar::File(f.clone())));
            }
        }
        items.sort_by_key(|(i, _)| *i);
        self.var_order = items.into_iter().map(|(_, v)| v).collect();
    }
}

/// Parse the command line, keeping the order of `--var`/`--var-file`, and refuse the
/// combinations a list of file names could smuggle in (see [`check_args`]).
pub fn parse_args<I, T>(args: I) -> Result<Cli, clap::Error>
where
    I: IntoIterator<Item = T>,
    T: Into<std::ffi::OsString> + Clone,
{
    use clap::{CommandFactory, FromArgMatches};
    let matches = Cli::command().try_get_matches_from(args)?;
    let mut cli = Cli::from_arg_matches(&matches)?;
    match (&mut cli.command, matches.subcommand()) {
        (Some(Command::Inspect(a)), Some((_, sub))) => a.order_vars(sub),
        _ => cli.args.order_vars(&matches),
    }
    let asks_docs = cli.short_help || cli.long_help || cli.version;
    let args = match &cli.command {
        Some(Command::Inspect(a)) => a,
        _ => &cli.args,
    };
    if let Err(msg) = check_args(args, asks_docs) {
        return Err(Cli::command().error(clap::error::ErrorKind::ArgumentConflict, msg));
    }
    Ok(cli)
}

/// The long description of `--help`, naming the built-in rules (their ids come from `rules/`).
fn long_about() -> String {
    format!(
        "pe-lint evaluates Terraform the way `terraform plan` would (modules, variables, \
         tfvars, locals, count/for_each, functions) and checks the platform's hard-fail \
         requirements {}.",
        crate::rules::meta::builtin_set().builtin_range()
    )
}

/// The text `-h`, `--help` or `-V` asks for, if one of them was given.
pub fn help_or_version(cli: &Cli) -> Option<String> {
    use clap::CommandFactory;
    let mut cmd = Cli::command().long_about(long_about());
    if cli.long_help {
        Some(cmd.render_long_help().to_string())
    } else if cli.short_help {
        Some(cmd.render_help().to_string())
    } else if cli.version {
        Some(cmd.render_version())
    } else {
        None
    }
}

/// A workspace name as Terraform accepts one in a URL path, narrowed to letters, digits, `-`, `_`
/// and `.` (it is shown in reports). Named like a Terraform file it is refused: a file list
/// appended without `--` could otherwise pick the workspace (`--workspace=prod.tf`).
fn parse_workspace(name: &str) -> Result<String, String> {
    let plain = |c: char| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.');
    if name.is_empty() || name.len() > 90 || !name.chars().all(plain) {
        return Err("a workspace name is 1 to 90 letters, digits, `-`, `_` or `.`".to_string());
    }
    if named_like_terraform(std::path::Path::new(name)) {
        return Err(format!(
            "{name:?} is named like a Terraform file; if a list of file names was appended to \
             the command, put `--` before it"
        ));
    }
    Ok(name.to_string())
}

/// `NAME=VALUE` with a name, as Terraform requires of `-var`: without the `=` the argument was
/// once taken as the variable set to "", which hides a mistyped command line.
fn is_var_assignment(raw: &str) -> bool {
    raw.split_once('=')
        .is_some_and(|(name, _)| !name.trim().is_empty())
}

/// One output per destination: at most one format without a FILE (standard output, or `-o`),
/// no file named twice, no output file named like a Terraform file.
fn check_outputs(args: &LintArgs) -> Result<(), String> {
    let plain: Vec<&OutputSpec> = args.formats.iter().filter(|o| o.file.is_none()).collect();
    if plain.len() > 1 {
        return Err(format!(
            "--format {} and --format {} would both go to {}: give all but one a file, \
             as in --format sarif:report.sarif",
            format_name(plain[0].format),
            format_name(plain[1].format),
            if args.output.is_some() {
                "-o"
            } else {
                "standard output"
            }
        ));
    }
    if args.output.is_some() && plain.is_empty() && !args.formats.is_empty() {
        return Err(
            "-o names the file of the --format without a FILE, and every --format has one: \
             drop -o or write it as FORMAT:FILE"
                .to_string(),
        );
    }
    let mut seen: Vec<PathBuf> = Vec::new();
    for file in args.outputs().into_iter().filter_map(|o| o.file) {
        if named_like_terraform(&file) {
            return Err(format!(
                "--format writes {file:?}, which is named like a Terraform file ({}): pe-lint \
                 never writes over Terraform files; if a list of file names was appended to \
                 the command, put `--` before it",
                TERRAFORM_ENDINGS.join(", ")
            ));
        }
        // `r.txt` and `./r.txt` are one file.
        let key: PathBuf = crate::files::absolute(&file)
            .components()
            .filter(|c| !matches!(c, std::path::Component::CurDir))
            .collect();
        if seen.contains(&key) {
            return Err(format!("two outputs are written to {file:?}"));
        }
        seen.push(key);
    }
    Ok(())
}

fn format_name(f: Format) -> String {
    use clap::ValueEnum;
    f.to_possible_value()
        .map_or_else(String::new, |v| v.get_name().to_string())
}

/// File endings Terraform loads as configuration or variables.
const TERRAFORM_ENDINGS: [&str; 4] = [".tf", ".tf.json", ".tfvars", ".tfvars.json"];

fn named_like_terraform(p: &std::path::Path) -> bool {
    let name = p.to_string_lossy().to_ascii_lowercase();
    TERRAFORM_ENDINGS.iter().any(|e| name.ends_with(e))
}

/// Refuse what a list of changed file names, appended to pe-lint's arguments without `--`,
/// could turn into a passing run: help or version among paths (exit 0 without a check), a
/// baseline written from a pre-commit style file list (every finding suppressed), and a report,
/// baseline, configuration or plan named like a Terraform file (`-o.tf`, `--config=x.tfvars`:
/// the author's file read as policy, or a report written over the sources).
pub fn check_args(args: &LintArgs, asks_docs: bool) -> Result<(), String> {
    const HINT: &str = "if a list of file names was appended to the command, put `--` before it";
    if asks_docs && !args.paths.is_empty() {
        return Err(format!(
            "-h/--help and -V/--version take no PATH (got {:?}); {HINT}",
            args.paths[0]
        ));
    }
    if args.write_baseline.is_some() {
        if let Some(file) = args.paths.iter().find(|p| !p.is_dir()) {
            return Err(format!(
                "--write-baseline records a whole tree: give directories, not the file {file:?}; {HINT}"
            ));
        }
    }
    if let Some(raw) = args.vars.iter().find(|v| !is_var_assignment(v)) {
        return Err(format!(
            "--var {raw:?} is not correctly specified: it must be a variable name and a value \
             separated by an equals sign, like --var \"name=value\""
        ));
    }
    let files = [
        ("-o/--output", &args.output),
        ("--evidence-dir", &args.evidence_dir),
        ("--write-baseline", &args.write_baseline),
        ("--baseline", &args.baseline),
        ("--config", &args.config),
        ("--plan", &args.plan),
    ];
    for (flag, value) in files {
        if let Some(p) = value.as_deref().filter(|p| named_like_terraform(p)) {
            return Err(format!(
                "{flag} {p:?} is named like a Terraform file ({}): pe-lint never reads its \
                 options from, nor writes over, Terraform files; {HINT}",
                TERRAFORM_ENDINGS.join(", ")
            ));
        }
    }
    // A rule list named like a Terraform file is a file name (`--skip-check=PE005,x.tf`), even
    // should a custom rule in the tree be called `x.tf`.
    let rules = args.checks.iter().chain(&args.skip_checks);
    if let Some(name) = rules
        .into_iter()
        .find(|n| named_like_terraform(Path::new(n)))
    {
        return Err(format!(
            "--check/--skip-check {name:?} is named like a Terraform file; {HINT}"
        ));
    }
    check_outputs(args)
}

fn parse_env(s: &str) -> Result<Env, String> {
    Env::parse_loose(s).ok_or_else(|| {
        format!("{s:?} is not an environment: use dev, staging or prod (or development, stage, stg, production, prd)")
    })
}

//! Command-line flags, defined in one place.

use std::path::PathBuf;

use clap::{Parser, Subcommand};

pub use crate::types::{Env, Format};

const AFTER_HELP: &str = "\
Examples:
  pe-lint infrastructure/                      lint a tree, human output
  pe-lint infra/ --env prod --var-file prod.tfvars
  pe-lint infra/ --format sarif -o pe-lint.sarif
  pe-lint infra/ --evidence-dir docs/evidence/compliance
  pe-lint --explain PE003                      show a rule's documentation
  pe-lint --plan plan.json infra/              check a `terraform show -json` plan
  pe-lint inspect infra/                       print the evaluated model as JSON
  pe-lint infra/ --rules policies/             also check custom rules (docs/custom-rules.md)
  pe-lint test-rules policies/                 run the custom rules' examples

Exit codes:
  0  no failing findings
  1  failing findings
  2  the run could not be trusted (usage error, unreadable or unparseable file, bad config)";

#[derive(Debug, Parser)]
#[command(
    name = "pe-lint",
    version,
    about = "Policy-as-code compliance linter for Terraform",
    long_about = "pe-lint evaluates Terraform the way `terraform plan` would (modules, variables, \
                  tfvars, locals, count/for_each, functions) and checks the platform's hard-fail \
                  requirements PE001-PE008.",
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

    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,

    /// Write the report to FILE instead of standard output.
    #[arg(short = 'o', long, value_name = "FILE")]
    pub output: Option<PathBuf>,

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

    /// Environment for environment-dependent rules (log retention).
    #[arg(long, value_enum)]
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

impl LintArgs {
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

/// The text `-h`, `--help` or `-V` asks for, if one of them was given.
pub fn help_or_version(cli: &Cli) -> Option<String> {
    use clap::CommandFactory;
    let mut cmd = Cli::command();
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
    Ok(())
}

//! Report formats. Each reads the same sorted verdicts and diagnostics and writes one format.

pub mod github;
pub mod human;
pub mod json;
pub mod junit;
pub mod markdown;
pub mod provenance;
pub mod sarif;

// Escaping and positions are leaf utilities used below the output layer too (baselines, rule
// examples); kept reachable at their old paths.
pub use crate::diag::{position, Position};
pub(crate) use crate::escape;

use std::collections::{HashMap, HashSet};
use std::path::Path;

use serde_json::{json, Value as Json};

use crate::diag::Diagnostic;
use crate::rules::settings::Level;
use crate::rules::{Status, Verdict};
use crate::source::{Loc, Sources};
use crate::terraform::Model;
use crate::types::{Format, EXIT_FINDINGS, EXIT_OK, EXIT_UNTRUSTED};

/// Everything a report can show about one run.
pub struct Report<'a> {
    pub sources: &'a Sources,
    pub model: &'a Model,
    pub verdicts: &'a [Verdict],
    pub diagnostics: &'a [Diagnostic],
    pub roots: Vec<String>,
    pub environment: Option<String>,
    pub files: usize,
    pub started_at: Option<String>,
    pub elapsed: std::time::Duration,
    pub color: bool,
    /// Effective severity per rule id when the configuration overrides a rule's own.
    pub severities: std::collections::BTreeMap<String, Level>,
    /// `--sarif-category`: the SARIF run's `automationDetails.id`.
    pub sarif_category: Option<String>,
    /// `--strict` or `strict = true`: what was not checked fails the run.
    pub strict: bool,
    /// What the command line and configuration decided beyond the findings themselves.
    pub run: RunInfo,
    /// The run's rules (built-in and custom): names, severities, descriptors.
    pub rules: &'a crate::rules::RuleSet,
}

/// The settings of a run that decide its outcome and how the evidence was produced.
#[derive(Clone, Debug)]
pub struct RunInfo {
    /// The lowest severity of a failing finding that fails the run (`never`: none does).
    pub fail_on: Level,
    /// `--soft-fail`: a failing outcome exits 0 (an incomplete run still exits 2).
    pub soft_fail: bool,
    /// `--show-suppressed`: the human output lists suppressed and baselined findings (else a
    /// one-line count stands for them).
    pub show_suppressed: bool,
    /// Rules switched off, with where (`file:line`, or the flag) when known.
    pub disabled: Vec<(String, Option<String>)>,
    /// `file.tf` in a report is this prefix joined with the path relative to the working
    /// directory: the working directory relative to the repository root.
    pub path_prefix: String,
    /// The git work tree of the checked paths, `/`-terminated: a path shown absolute (outside
    /// the working directory) is made relative to it.
    pub repo_root: Option<String>,
    /// How the evidence was produced (configuration, flags, baselines), for auditors.
    pub provenance: provenance::Provenance,
    /// The paths given on the command line, as given.
    pub paths: Vec<String>,
    /// With `--fix`: how many findings the fixes made pass.
    pub fixed: Option<usize>,
    /// The fix `--fix` would make for each verdict (parallel to the report's verdicts; empty
    /// when none was planned): planned without writing, so every run can show it.
    pub fixable: Vec<Option<Fixable>>,
}

/// A finding's planned fix as the reports show it: what it does and its byte edits.
#[derive(Clone, Debug)]
pub struct Fixable {
    pub what: String,
    pub edits: Vec<crate::fix::Edit>,
}

/// One edit placed for a report: the file as reports show it, the replaced region (empty for an
/// insertion: end equals start) and the new text.
pub struct PlacedEdit {
    pub file: String,
    pub start: crate::source::Position,
    pub end: crate::source::Position,
    pub text: String,
}

impl Default for RunInfo {
    fn default() -> RunInfo {
        RunInfo {
            fail_on: Level::Error,
            soft_fail: false,
            show_suppressed: false,
            disabled: Vec::new(),
            path_prefix: String::new(),
            repo_root: None,
            provenance: Default::default(),
            paths: Vec::new(),
            fixed: None,
            fixable: Vec::new(),
        }
    }
}

/// What a finding is shown as in every format. `Error` exactly when the finding fails the
/// run, so a red mark, an `::error` annotation, a SARIF error and a JUnit failure all mean the
/// gate is closed because of it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum FindingLevel {
    Note,
    Warning,
    Error,
}

impl FindingLevel {
    /// The SARIF and JSON name.
    pub fn as_str(self) -> &'static str {
        match self {
            FindingLevel::Note => "note",
            FindingLevel::Warning => "warning",
            FindingLevel::Error => "error",
        }
    }
    /// The GitHub workflow command.
    pub fn github(self) -> &'static str {
        match self {
            FindingLevel::Note => "notice",
            FindingLevel::Warning => "warning",
            FindingLevel::Error => "error",
        }
    }
}

/// The outcome of a run, the same in every format and in the exit code.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    Pass,
    Fail,
    /// Errors reading the tree: the findings cannot be trusted (exit code 2).
    Incomplete,
    /// No Terraform was found, so nothing was checked: never a pass.
    NotChecked,
}

impl Outcome {
    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Pass => "pass",
            Outcome::Fail => "fail",
            Outcome::Incomplete => "incomplete",
            Outcome::NotChecked => "not_checked",
        }
    }
}

/// The status of one requirement (rule) in a run.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RuleStatus {
    Pass,
    /// Findings that fail the run.
    Fail,
    /// Findings below the level that fails the run.
    Warning,
    Unresolved,
    /// Nothing in scope: neither a pass nor a failure.
    NotApplicable,
    Disabled,
}

impl RuleStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            RuleStatus::Pass => "pass",
            RuleStatus::Fail => "fail",
            RuleStatus::Warning => "warning",
            RuleStatus::Unresolved => "unresolved",
            RuleStatus::NotApplicable => "not_applicable",
            RuleStatus::Disabled => "disabled",
        }
    }
}

impl<'a> Report<'a> {
    /// The report of a loaded tree and its verdicts, with nothing a command line adds: no
    /// environment label, timestamp, colour, SARIF category or severity overrides.
    pub fn of(loaded: &'a crate::terraform::loaded::Loaded, verdicts: &'a [Verdict]) -> Report<'a> {
        Report {
            sources: &loaded.sources,
            model: &loaded.model,
            verdicts,
            diagnostics: &loaded.diagnostics,
            roots: loaded
                .model
                .roots
                .iter()
                .map(|r| r.display.clone())
                .collect(),
            environment: None,
            files: loaded.files_scanned,
            started_at: None,
            elapsed: std::time::Duration::ZERO,
            color: false,
            sarif_category: None,
            severities: Default::default(),
            strict: false,
            run: RunInfo::default(),
            rules: crate::rules::meta::builtin_set(),
        }
    }

    /// The diagnostics that mean part of the tree was not checked (`--strict` fails on them).
    pub fn not_checked(&self) -> impl Iterator<Item = &Diagnostic> {
        self.diagnostics
            .iter()
            .filter(|d| crate::rules::settings::NOT_CHECKED.contains(&d.code))
    }
}

impl Report<'_> {
    /// A rule's effective severity: the configuration's override, else its policy file's.
    pub fn severity_of(&self, id: &str) -> Level {
        self.severities
            .get(id)
            .copied()
            .or_else(|| self.rules.lookup(id).map(|m| m.severity))
            .unwrap_or(Level::Error)
    }

    /// Whether a verdict of this rule with this status fails the run (exit code 1).
    fn status_fails_run(&self, rule_id: &str, status: Status) -> bool {
        match status {
            Status::Fail => {
                self.run.fail_on != Level::Never && self.severity_of(rule_id) >= self.run.fail_on
            }
            Status::Unresolved => self.strict,
            _ => false,
        }
    }

    fn level_for(&self, rule_id: &str, status: Status) -> FindingLevel {
        if self.status_fails_run(rule_id, status) {
            return FindingLevel::Error;
        }
        match status {
            Status::Fail if self.severity_of(rule_id) == Level::Info => FindingLevel::Note,
            Status::Fail | Status::Unresolved => FindingLevel::Warning,
            Status::Pass | Status::Suppressed => FindingLevel::Note,
        }
    }

    /// What a finding is shown as: [`FindingLevel::Error`] exactly when it fails the run.
    pub fn level(&self, v: &Verdict) -> FindingLevel {
        self.level_for(&v.rule_id, v.status)
    }

    /// The level the finding would have without its suppression (SARIF keeps it and marks
    /// the result suppressed).
    pub fn level_unsuppressed(&self, v: &Verdict) -> FindingLevel {
        let status = v.suppression.as_ref().map_or(v.status, |s| s.original);
        self.level_for(&v.rule_id, status)
    }

    /// Whether the run checked no Terraform at all (an empty folder, the wrong path).
    pub fn checked_nothing(&self) -> bool {
        self.model.roots.is_empty() && self.verdicts.is_empty()
    }

    /// The run's outcome: what every format states and the exit code follows.
    pub fn outcome(&self) -> Outcome {
        let errors = self.diagnostics.iter().any(Diagnostic::is_error);
        // Errors that stopped the run (an invalid configuration, a missing path) are not
        // "no Terraform here".
        let empty_said = self.diagnostics.iter().any(|d| d.code == "nothing-checked");
        if self.checked_nothing() && (empty_said || !errors) {
            Outcome::NotChecked
        } else if errors {
            Outcome::Incomplete
        } else if self
            .verdicts
            .iter()
            .any(|v| self.level(v) == FindingLevel::Error)
            || (self.strict && self.not_checked().next().is_some())
        {
            Outcome::Fail
        } else {
            Outcome::Pass
        }
    }

    /// 2 on errors; 1 when the outcome is a failure; else 0.
    pub fn exit_code(&self) -> u8 {
        if self.diagnostics.iter().any(Diagnostic::is_error) {
            return EXIT_UNTRUSTED;
        }
        match self.outcome() {
            Outcome::Fail if self.run.soft_fail => EXIT_OK,
            Outcome::Fail => EXIT_FINDINGS,
            Outcome::Incomplete => EXIT_UNTRUSTED,
            Outcome::Pass | Outcome::NotChecked => EXIT_OK,
        }
    }

    /// A requirement's status: disabled, not applicable when nothing was in its scope, else
    /// the worst of its verdicts.
    pub fn rule_status(&self, id: &str) -> RuleStatus {
        if self.disabled_at(id).is_some() {
            return RuleStatus::Disabled;
        }
        let mut status = RuleStatus::NotApplicable;
        for v in self.verdicts.iter().filter(|v| v.rule_id == id) {
            let this = match (v.status, self.level(v)) {
                (Status::Fail, FindingLevel::Error) => RuleStatus::Fail,
                (Status::Unresolved, FindingLevel::Error) => RuleStatus::Fail,
                (Status::Fail, _) => RuleStatus::Warning,
                (Status::Unresolved, _) => RuleStatus::Unresolved,
                _ => RuleStatus::Pass,
            };
            status = worse(status, this);
        }
        status
    }

    /// Suppressed findings per kind of suppression (`inline`, `config`, `baseline`...).
    pub fn suppressions_applied(&self) -> std::collections::BTreeMap<&'static str, usize> {
        let mut out = std::collections::BTreeMap::new();
        for s in self.verdicts.iter().filter_map(|v| v.suppression.as_ref()) {
            *out.entry(s.kind).or_default() += 1;
        }
        out
    }

    /// What was asked to be checked: the paths given, else the roots, else `.`.
    pub fn roots_or_paths(&self) -> String {
        let shown = if self.run.paths.is_empty() {
            &self.roots
        } else {
            &self.run.paths
        };
        match shown.is_empty() {
            true => ".".to_string(),
            false => shown.join(", "),
        }
    }

    /// Where the configuration disabled a rule (`Some("")` when the place is unknown).
    pub fn disabled_at(&self, id: &str) -> Option<&str> {
        self.run
            .disabled
            .iter()
            .find(|(d, _)| d.eq_ignore_ascii_case(id))
            .map(|(_, at)| at.as_deref().unwrap_or(""))
    }

    /// Why a disabled rule was not checked, as the reports say it: skipped by the command line
    /// (with the flag), or disabled by configuration (with `file:line` when known).
    pub fn disabled_reason(&self, id: &str) -> Option<(&'static str, &str)> {
        let at = self.disabled_at(id)?;
        Some(match at.starts_with("--") {
            true => ("skipped by the command line", at),
            false => ("disabled by configuration", at),
        })
    }

    /// The run's errors named for a one-line summary: `1 error: <its message>`, else
    /// `3 errors (missing-path×1, parse-error×2)`; empty when there are none.
    pub fn errors_named(&self) -> String {
        let errors: Vec<&Diagnostic> = self.diagnostics.iter().filter(|d| d.is_error()).collect();
        match errors.as_slice() {
            [] => String::new(),
            [one] => format!("1 error: {}", self.diagnostic_line(one)),
            many => {
                let mut by_code: std::collections::BTreeMap<&str, usize> = Default::default();
                for d in many {
                    *by_code.entry(d.code).or_default() += 1;
                }
                let parts: Vec<String> = by_code.iter().map(|(c, n)| format!("{c}×{n}")).collect();
                format!("{} errors ({})", many.len(), parts.join(", "))
            }
        }
    }

    /// `file:line: message` of a diagnostic (the message alone when it has no place).
    fn diagnostic_line(&self, d: &Diagnostic) -> String {
        match d.loc.as_ref().and_then(|l| self.position(l)) {
            Some(p) if p.line > 0 => format!("{}:{}: {}", p.file, p.line, d.message),
            Some(p) => format!("{}: {}", p.file, d.message),
            None => d.message.clone(),
        }
    }

    pub fn findings(&self) -> impl Iterator<Item = &Verdict> {
        self.verdicts.iter().filter(|v| v.is_finding())
    }
    pub fn count(&self, status: Status) -> usize {
        self.verdicts.iter().filter(|v| v.status == status).count()
    }
    pub fn resources(&self) -> usize {
        self.model.instances().count()
    }
    pub fn modules(&self) -> usize {
        self.model.roots.iter().map(|r| r.module_instances).sum()
    }
    /// (file, line, column, end_line, end_column) of a location, the file relative to the
    /// repository root.
    pub fn position(&self, loc: &Loc) -> Option<Position> {
        let mut p = position(self.sources, loc)?;
        p.file = self.repo_path(&p.file);
        Some(p)
    }

    /// The fix planned for `v` (one of this report's verdicts), if any.
    pub fn fixable(&self, v: &Verdict) -> Option<&Fixable> {
        // The verdict's index in the slice, found by address: the reports hold references
        // into `verdicts`, and a search per finding would be quadratic.
        let size = std::mem::size_of::<Verdict>().max(1);
        let at = (v as *const Verdict as usize).wrapping_sub(self.verdicts.as_ptr() as usize);
        let i = at / size;
        self.verdicts.get(i).filter(|x| std::ptr::eq(*x, v))?;
        self.run.fixable.get(i)?.as_ref()
    }

    /// How many findings have a planned fix.
    pub fn fixable_count(&self) -> usize {
        self.run.fixable.iter().flatten().count()
    }

    /// An edit with its file as the formats show it and its region as lines and columns.
    pub fn place(&self, e: &crate::fix::Edit) -> PlacedEdit {
        let f = self.sources.get(e.file);
        PlacedEdit {
            file: self.repo_path(&f.display),
            start: f.position(e.span.start),
            end: f.position(e.span.end),
            text: e.text.clone(),
        }
    }

    /// A path as the formats show it: relative to the repository root.
    pub fn repo_path(&self, shown: &str) -> String {
        if let Some(rest) = self
            .run
            .repo_root
            .as_deref()
            .and_then(|root| shown.strip_prefix(root))
        {
            return rest.to_string();
        }
        repo_relative(&self.run.path_prefix, shown)
    }
}

/// Where a finding was evaluated: the root module (a folder) and the var files that
/// evaluation read, as the formats show paths.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Evaluated {
    pub root: String,
    pub var_files: Vec<String>,
}

impl Evaluated {
    /// `infra` or `infra with envs/prod.tfvars, terraform.tfvars`.
    pub fn label(&self) -> String {
        match self.var_files.is_empty() {
            true => self.root.clone(),
            false => format!("{} with {}", self.root, self.var_files.join(", ")),
        }
    }
}

/// The evaluation each finding comes from, and the files more than one evaluation reports on
/// (the same module checked through several roots, or one root with several var files):
/// findings there are told apart by their root.
pub struct RootsIndex<'r> {
    by_display: HashMap<&'r str, Evaluated>,
    shared: HashSet<crate::source::FileId>,
}

impl<'r> RootsIndex<'r> {
    pub fn new(r: &'r Report<'_>) -> RootsIndex<'r> {
        let by_display = r
            .model
            .roots
            .iter()
            .map(|m| {
                let var_files = m
                    .var_files
                    .iter()
                    .map(|f| r.repo_path(&r.sources.get(*f).display))
                    .collect();
                let root = r.repo_path(&m.shown_root());
                (m.display.as_str(), Evaluated { root, var_files })
            })
            .collect();
        let mut roots_of: HashMap<crate::source::FileId, HashSet<&str>> = HashMap::new();
        for v in r.verdicts {
            if let Some(f) = v.loc.file {
                roots_of.entry(f).or_default().insert(v.root.as_str());
            }
        }
        let shared = roots_of
            .into_iter()
            .filter(|(_, roots)| roots.len() > 1)
            .map(|(f, _)| f)
            .collect();
        RootsIndex { by_display, shared }
    }

    /// The evaluation a verdict comes from (its root as given when the model has no such
    /// root, as a custom rule's test may build).
    pub fn of(&self, v: &Verdict) -> Evaluated {
        self.by_display
            .get(v.root.as_str())
            .cloned()
            .unwrap_or_else(|| Evaluated {
                root: v.root.clone(),
                var_files: Vec::new(),
            })
    }

    /// Whether another evaluation reports on the verdict's file too: only then do the
    /// formats that show one line per finding name the root.
    pub fn shared(&self, v: &Verdict) -> bool {
        v.loc.file.is_some_and(|f| self.shared.contains(&f))
    }
}

fn worse(a: RuleStatus, b: RuleStatus) -> RuleStatus {
    let rank = |s| match s {
        RuleStatus::NotApplicable | RuleStatus::Disabled => 0,
        RuleStatus::Pass => 1,
        RuleStatus::Unresolved => 2,
        RuleStatus::Warning => 3,
        RuleStatus::Fail => 4,
    };
    if rank(b) > rank(a) {
        b
    } else {
        a
    }
}

/// `prefix/shown` with `..` steps resolved against the prefix; an absolute path, or one that
/// climbs above the repository root, is left as it is.
pub fn repo_relative(prefix: &str, shown: &str) -> String {
    if prefix.is_empty() || shown.starts_with('/') {
        return shown.to_string();
    }
    let mut parts: Vec<&str> = prefix.split('/').filter(|p| !p.is_empty()).collect();
    let mut rest = shown;
    while let Some(r) = rest.strip_prefix("../") {
        if parts.pop().is_none() {
            return shown.to_string();
        }
        rest = r;
    }
    if rest == "." || rest.is_empty() {
        return if parts.is_empty() {
            ".".to_string()
        } else {
            parts.join("/")
        };
    }
    parts.push(rest);
    parts.join("/")
}

/// The working directory relative to the git work tree around it (`a/b`), empty at the top
/// level or outside a work tree.
pub fn cwd_in_repo() -> String {
    let Ok(cwd) = std::env::current_dir() else {
        return String::new();
    };
    let Some(top) = cwd.ancestors().find(|d| d.join(".git").exists()) else {
        return String::new();
    };
    cwd.strip_prefix(top)
        .map(|p| p.to_string_lossy().replace('\\', "/"))
        .unwrap_or_default()
}

/// A diagnostic as JSON (shared by the JSON report and `inspect`).
pub fn diagnostic_json(d: &Diagnostic, sources: &Sources) -> Json {
    diagnostic_json_at(d, d.loc.as_ref().and_then(|l| position(sources, l)))
}

/// A diagnostic as JSON at a position already made relative to the repository root.
pub fn diagnostic_json_at(d: &Diagnostic, pos: Option<Position>) -> Json {
    json!({
        "severity": d.severity.as_str(),
        "code": d.code,
        "message": d.message,
        "file": pos.as_ref().map(|p| p.file.clone()),
        "line": pos.as_ref().map(|p| p.line),
        "column": pos.as_ref().map(|p| p.column),
        "help": d.help,
    })
}

/// The generation time: `SOURCE_DATE_EPOCH` when set (reproducible builds), else the clock.
pub fn timestamp() -> String {
    let secs = std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.trim().parse::<i64>().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map(|d| d.as_secs() as i64)
                .unwrap_or(0)
        });
    format_rfc3339(secs)
}

/// Seconds since the epoch as `YYYY-MM-DDTHH:MM:SSZ` (civil-from-days, no time zone database).
pub fn format_rfc3339(secs: i64) -> String {
    let days = secs.div_euclid(86_400);
    let rem = secs.rem_euclid(86_400);
    let (y, m, d) = crate::calendar::civil_from_days(days);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
        rem / 3600,
        (rem % 3600) / 60,
        rem % 60
    )
}

/// The exit code of a report (SARIF's `exitCode`, the process's).
pub fn exit_code(r: &Report<'_>) -> u8 {
    r.exit_code()
}

/// The one line that says how the run went, on standard error for every format.
pub fn summary_line(r: &Report<'_>) -> String {
    human::summary(r)
}

/// Render one output of a run: `quiet` trims the human output, which is coloured only on the
/// terminal (`to_stdout`, and the report asks for colour).
pub fn render_output(format: Format, r: &Report<'_>, quiet: bool, to_stdout: bool) -> String {
    match format {
        Format::Human => human::render_colored(r, quiet, r.color && to_stdout),
        other => render_format(other, r),
    }
}

/// Render one format (human without `--quiet`).
pub fn render_format(format: Format, r: &Report<'_>) -> String {
    match format {
        Format::Human => human::render(r, false),
        Format::Json => json::render(r),
        Format::Sarif => sarif::render(r),
        Format::Markdown => markdown::render(r),
        Format::Github => github::render(r),
        Format::Junit => junit::render(r),
    }
}

/// Write report.json, report.sarif and report.md into `dir`, each through
/// [`crate::files::write_output`]: `dir` must not leave `boundaries` through a link, and a
/// committed link at one of the three names is replaced, never written through.
pub fn write_evidence(
    dir: &Path,
    r: &Report<'_>,
    boundaries: &[std::path::PathBuf],
) -> Result<(), crate::files::WriteError> {
    crate::files::make_folder(dir, boundaries)?;
    for (name, text) in [
        ("report.json", json::render(r)),
        ("report.sarif", render_format(Format::Sarif, r)),
        ("report.md", render_format(Format::Markdown, r)),
    ] {
        crate::files::write_output(&dir.join(name), text.as_bytes(), boundaries)?;
    }
    Ok(())
}

/// Write `text` to `path` through [`crate::files::write_output`] with the boundaries it always
/// applies (the working directory, the git work tree around `path`); callers that know the
/// scanned paths pass [`crate::files::output_boundaries`] to `write_output` themselves.
pub fn write_atomic(path: &Path, text: &str) -> std::io::Result<()> {
    crate::files::write_output(path, text.as_bytes(), &[]).map_err(|e| match e {
        crate::files::WriteError::Io(e) => e,
        other => std::io::Error::other(other.to_string()),
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn rfc3339() {
        assert_eq!(super::format_rfc3339(0), "1970-01-01T00:00:00Z");
        assert_eq!(super::format_rfc3339(1_700_000_000), "2023-11-14T22:13:20Z");
    }
}

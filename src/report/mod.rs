//! Report formats. Each reads the same sorted verdicts and diagnostics and writes one format.

pub mod github;
pub mod human;
pub mod json;
pub mod junit;
pub mod markdown;
pub mod sarif;

// Escaping and positions are leaf utilities used below the output layer too (baselines, rule
// examples); kept reachable at their old paths.
pub use crate::diag::{position, Position};
pub use crate::escape;

use std::path::Path;

use serde_json::{json, Value as Json};

use crate::diag::Diagnostic;
use crate::rules::{Settings, Status, Verdict};
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
    pub severities: std::collections::BTreeMap<String, String>,
    /// `--sarif-category`: the SARIF run's `automationDetails.id`.
    pub sarif_category: Option<String>,
    /// `--strict` or `strict = true`: what was not checked fails the run.
    pub strict: bool,
    /// The run's rules (built-in and custom): names, severities, descriptors.
    pub rules: &'a crate::rules::RuleSet,
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
    pub fn severity_of(&self, id: &str) -> String {
        self.severities
            .get(id)
            .cloned()
            .or_else(|| {
                self.rules
                    .lookup(id)
                    .map(|m| m.severity.as_str().to_string())
            })
            .unwrap_or_else(|| "error".to_string())
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
    /// (file, line, column, end_line, end_column) of a location.
    pub fn position(&self, loc: &Loc) -> Option<Position> {
        position(self.sources, loc)
    }
}

/// A diagnostic as JSON (shared by the JSON report and `inspect`).
pub fn diagnostic_json(d: &Diagnostic, sources: &Sources) -> Json {
    let pos = d.loc.as_ref().and_then(|l| position(sources, l));
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

/// The exit code of a report under the default policy, with its `strict` flag (SARIF's
/// `exitCode`).
pub fn exit_code(r: &Report<'_>) -> u8 {
    let settings = Settings {
        strict: r.strict,
        ..Settings::default()
    };
    exit_code_with(r, &settings)
}

/// 2 on errors; 1 when a failing finding's severity reaches `fail_on`, or in strict mode when
/// something is unresolved or was not checked; else 0.
pub fn exit_code_with(r: &Report<'_>, settings: &Settings) -> u8 {
    if r.diagnostics.iter().any(Diagnostic::is_error) {
        EXIT_UNTRUSTED
    } else if r
        .verdicts
        .iter()
        .any(|v| v.status == Status::Fail && r.rules.fails_run(settings, &v.rule_id))
        || (settings.strict
            && (r.count(Status::Unresolved) > 0 || r.not_checked().next().is_some()))
    {
        EXIT_FINDINGS
    } else {
        EXIT_OK
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

//! Baselines: `--write-baseline FILE` records the failing findings; `--baseline FILE` then
//! fails only on findings that are not in it and reports the rest as suppressed (reason
//! "baseline"). This is how a team adopts pe-lint on a repository that already has violations.
//!
//! A finding is identified by a fingerprint of its rule, its resource address and the text of
//! the line it points at (whitespace-normalised), so moving code, or renaming its file, keeps
//! the match; changing the flagged line or the address makes it a new finding.

use std::collections::HashMap;
use std::path::Path;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::diag::Diagnostic;
use crate::rules::{Status, Suppression, Verdict};
use crate::source::Sources;

pub const KIND_EXTERNAL: &str = "external";
pub const REASON: &str = "baseline";
pub const VERSION: u32 = 1;

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
pub struct Baseline {
    pub version: u32,
    pub tool: String,
    pub findings: Vec<Entry>,
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
pub struct Entry {
    pub rule_id: String,
    pub resource: String,
    pub fingerprint: String,
    /// Where the finding was when the baseline was written (informational; not matched).
    #[serde(default)]
    pub file: String,
    #[serde(default)]
    pub line: usize,
    #[serde(default)]
    pub message: String,
}

/// The text of the line a verdict points at, whitespace-normalised.
fn flagged_line(v: &Verdict, sources: &Sources) -> String {
    let Some(fid) = v.loc.file else {
        return String::new();
    };
    let text: &str = &sources.get(fid).text;
    let at = (v.loc.span.start as usize).min(text.len());
    let start = text[..at].rfind('\n').map(|p| p + 1).unwrap_or(0);
    let end = text[at..].find('\n').map(|p| at + p).unwrap_or(text.len());
    text[start..end]
        .trim_start_matches('\u{feff}')
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

pub fn fingerprint(v: &Verdict, sources: &Sources) -> String {
    let mut h = Sha256::new();
    h.update(v.rule_id.as_bytes());
    h.update([0]);
    h.update(v.address.as_bytes());
    h.update([0]);
    h.update(flagged_line(v, sources).as_bytes());
    let digest = h.finalize();
    let hex: String = digest[..16].iter().map(|b| format!("{b:02x}")).collect();
    format!("sha256:{hex}")
}

/// The failing findings as a baseline.
pub fn from_verdicts(verdicts: &[Verdict], sources: &Sources) -> Baseline {
    let findings = verdicts
        .iter()
        .filter(|v| v.status == Status::Fail)
        .map(|v| {
            let pos = crate::report::position(sources, &v.loc);
            Entry {
                rule_id: v.rule_id.to_string(),
                resource: v.address.clone(),
                fingerprint: fingerprint(v, sources),
                file: pos.as_ref().map(|p| p.file.clone()).unwrap_or_default(),
                line: pos.as_ref().map(|p| p.line).unwrap_or(0),
                message: v.message.clone(),
            }
        })
        .collect();
    Baseline {
        version: VERSION,
        tool: "pe-lint".to_string(),
        findings,
    }
}

pub fn read(path: &Path) -> Result<Baseline, String> {
    let meta = std::fs::metadata(path).map_err(|e| e.to_string())?;
    if !meta.is_file() || meta.len() > crate::parse::MAX_FILE_BYTES {
        return Err(format!(
            "not a regular file of at most {} bytes",
            crate::parse::MAX_FILE_BYTES
        ));
    }
    let text = std::fs::read_to_string(path).map_err(|e| e.to_string())?;
    let b: Baseline = serde_json::from_str(&text).map_err(|e| format!("not a baseline: {e}"))?;
    if b.version != VERSION {
        return Err(format!(
            "baseline version {} is not supported (expected {VERSION})",
            b.version
        ));
    }
    Ok(b)
}

pub fn write(path: &Path, b: &Baseline) -> std::io::Result<()> {
    let mut text = serde_json::to_string_pretty(b).unwrap_or_default();
    text.push('\n');
    crate::report::write_atomic(path, &text)
}

/// Mark failing findings that are in the baseline as suppressed. Returns (matched, fixed):
/// how many findings it silenced and how many of its entries no longer occur.
pub fn apply(verdicts: &mut [Verdict], sources: &Sources, b: &Baseline) -> (usize, usize) {
    let mut left: HashMap<&str, usize> = HashMap::new();
    for e in &b.findings {
        *left.entry(e.fingerprint.as_str()).or_default() += 1;
    }
    let mut matched = 0;
    for v in verdicts.iter_mut().filter(|v| v.status == Status::Fail) {
        let fp = fingerprint(v, sources);
        if let Some(n) = left.get_mut(fp.as_str()).filter(|n| **n > 0) {
            *n -= 1;
            matched += 1;
            v.suppression = Some(Suppression {
                kind: KIND_EXTERNAL,
                reason: REASON.to_string(),
                until: None,
                loc: None,
                original: v.status,
            });
            v.status = Status::Suppressed;
        }
    }
    (matched, left.values().sum())
}

/// `--write-baseline` and `--baseline` for one run. Writing records the current failing
/// findings and applies them at once, so the run that writes a baseline is clean.
pub fn run(
    read_from: Option<&Path>,
    write_to: Option<&Path>,
    verdicts: &mut [Verdict],
    sources: &Sources,
) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
    if let Some(path) = write_to {
        let b = from_verdicts(verdicts, sources);
        match write(path, &b) {
            Ok(()) => {
                apply(verdicts, sources, &b);
                diags.push(Diagnostic::info(
                    "baseline",
                    format!(
                        "wrote {} failing finding(s) to the baseline {}",
                        b.findings.len(),
                        path.display()
                    ),
                ));
            }
            Err(e) => diags.push(Diagnostic::error(
                "baseline-error",
                format!("cannot write the baseline {}: {e}", path.display()),
            )),
        }
        return diags;
    }
    let Some(path) = read_from else {
        return diags;
    };
    match read(path) {
        Ok(b) => {
            let (matched, fixed) = apply(verdicts, sources, &b);
            let mut d = Diagnostic::info(
                "baseline",
                format!(
                    "baseline {}: {matched} finding(s) in the baseline reported as suppressed; {fixed} of its {} entries are now fixed",
                    path.display(),
                    b.findings.len()
                ),
            );
            if fixed > 0 {
                d = d.with_help("run with --write-baseline to drop the fixed entries");
            }
            diags.push(d);
        }
        Err(e) => diags.push(
            Diagnostic::error(
                "baseline-error",
                format!("cannot read the baseline {}: {e}", path.display()),
            )
            .with_help("create it with --write-baseline FILE"),
        ),
    }
    diags
}

//! Baselines: `--write-baseline FILE` records the failing findings; `--baseline FILE` then
//! fails only on findings that are not in it and reports the rest as suppressed (reason
//! "baseline"). This is how a team adopts pe-lint on a repository that already has violations.
//!
//! A finding is identified by [`fingerprint`]: its rule, its resource address (module path
//! included) and what was found wrong (the finding's message, which names the offending values:
//! the wildcard actions and resources, the flag that is off, the retention days). The line is
//! not part of it, so moving code keeps the match, but a worse violation on the same line (one
//! more wildcard, another value) is a new finding. SARIF `partialFingerprints` use the same
//! function.
//!
//! The baseline file is chosen on the command line but often lives in the checked tree, which
//! the author of the change controls: it is read through `files::read_text` (a regular file,
//! under the size cap, resolving inside the tree when its path lies in it) and written through
//! `files::write_output` (never through a link).

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::diag::Diagnostic;
use crate::files;
use crate::rules::{Status, Suppression, Verdict};
use crate::source::{display_path, Sources};

pub const KIND_EXTERNAL: &str = "external";
pub const REASON: &str = "baseline";
/// Version 2: fingerprints of what was found (version 1 hashed the flagged line's text).
pub const VERSION: u32 = 2;
const WHAT: &str = "the baseline";

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

/// The identity of a finding, for baselines and SARIF `partialFingerprints`: SHA-256 of the
/// rule id, the resource address and the message, as `sha256:` and 32 hex digits.
///
/// The message is what the rule found (it names the offending values) and holds no file name
/// or line number, so the fingerprint survives moving code but not a change in what is wrong.
/// Each part is length-prefixed: a separator could be forged by an address or a value that
/// contains it, making two different findings hash alike.
pub fn fingerprint(v: &Verdict) -> String {
    let mut h = Sha256::new();
    for part in [v.rule_id.as_str(), v.address.as_str(), v.message.as_str()] {
        h.update((part.len() as u64).to_le_bytes());
        h.update(part.as_bytes());
    }
    let hex: String = h.finalize()[..16]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    format!("sha256:{hex}")
}

/// The failing findings as a baseline.
pub fn from_verdicts(verdicts: &[Verdict], sources: &Sources) -> Baseline {
    let findings = verdicts
        .iter()
        .filter(|v| v.status == Status::Fail)
        .map(|v| {
            let pos = crate::diag::position(sources, &v.loc);
            Entry {
                rule_id: v.rule_id.to_string(),
                resource: v.address.clone(),
                fingerprint: fingerprint(v),
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

/// Where a baseline file may be read from and written to: the working directory and the tree
/// the first path belongs to (its git work tree, or the path itself).
fn boundaries(req: &Request<'_>) -> Vec<PathBuf> {
    let first = req.first_path.unwrap_or(Path::new("."));
    let first = crate::discover::absolute(first);
    let base = if first.is_dir() {
        first
    } else {
        first.parent().map(Path::to_path_buf).unwrap_or_default()
    };
    let tree = crate::discover::git_root(&base).unwrap_or(base);
    vec![crate::discover::absolute(Path::new(".")), tree]
}

/// The canonical boundary a baseline at `path` must resolve inside: the innermost boundary
/// whose folder its path lies in (a committed `baseline.json -> /etc/passwd` is then refused),
/// or None for a file outside them all, which only the command line can name.
fn confinement(path: &Path, boundaries: &[PathBuf]) -> Option<PathBuf> {
    let abs = crate::discover::absolute(path);
    boundaries
        .iter()
        .map(|b| (crate::discover::absolute(b), crate::discover::canonical(b)))
        .filter(|(lexical, canon)| abs.starts_with(lexical) || abs.starts_with(canon))
        .map(|(_, canon)| canon)
        .max_by_key(|c| c.as_os_str().len())
}

/// Only the version, so that an old baseline gets its own message whatever its shape.
#[derive(Deserialize)]
struct Head {
    version: Option<u32>,
}

/// Why the JSON was not a baseline, without serde's text (which quotes the file's values).
fn not_a_baseline(path: &Path, e: &serde_json::Error) -> Diagnostic {
    use serde_json::error::Category;
    let why = match e.classify() {
        Category::Syntax => "is not valid JSON (or nests too deeply)",
        Category::Eof => "ends early",
        Category::Data | Category::Io => "does not have the baseline's fields",
    };
    Diagnostic::error(
        "baseline-error",
        format!(
            "{WHAT} {} {why} (line {}, column {}); it was not used",
            display_path(path),
            e.line(),
            e.column()
        ),
    )
    .with_help("create it with --write-baseline FILE")
}

/// Read and check a baseline. Every failure is an error diagnostic naming the file and quoting
/// none of it.
pub fn read(path: &Path, boundaries: &[PathBuf], limit: u64) -> Result<Baseline, Diagnostic> {
    let confine = confinement(path, boundaries);
    let text = files::read_text(path, confine.as_deref(), limit).map_err(|r| {
        let d = r.diagnostic("baseline-error", WHAT, path);
        match r {
            files::Refusal::Io(_) => d.with_help("create it with --write-baseline FILE"),
            _ => d,
        }
    })?;
    let head: Head = serde_json::from_str(&text).map_err(|e| not_a_baseline(path, &e))?;
    match head.version {
        Some(VERSION) => {}
        Some(old) if old < VERSION => {
            return Err(Diagnostic::error(
                "baseline-outdated",
                format!(
                    "{WHAT} {} has version {old}, whose fingerprints this pe-lint no longer computes; it was not used, so every finding is reported",
                    display_path(path)
                ),
            )
            .with_help("regenerate it: pe-lint ... --write-baseline FILE"))
        }
        other => {
            return Err(Diagnostic::error(
                "baseline-error",
                format!(
                    "{WHAT} {} has {}, not version {VERSION}; it was not used",
                    display_path(path),
                    other.map_or("no version".to_string(), |v| format!("version {v}"))
                ),
            )
            .with_help("create it with --write-baseline FILE"))
        }
    }
    serde_json::from_str(&text).map_err(|e| not_a_baseline(path, &e))
}

/// Mark failing findings that are in the baseline as suppressed. Returns (matched, fixed):
/// how many findings it silenced and how many of its entries no longer occur.
///
/// An entry matches only a finding of its own rule and resource with its fingerprint, and
/// silences one finding: an entry naming another rule, or the same fingerprint listed many
/// times, silences nothing more.
pub fn apply(verdicts: &mut [Verdict], b: &Baseline) -> (usize, usize) {
    let mut left: HashMap<&str, Vec<(&str, &str)>> = HashMap::new();
    for e in &b.findings {
        left.entry(e.fingerprint.as_str())
            .or_default()
            .push((e.rule_id.as_str(), e.resource.as_str()));
    }
    let mut matched = 0;
    for v in verdicts.iter_mut().filter(|v| v.status == Status::Fail) {
        let fp = fingerprint(v);
        let Some(entries) = left.get_mut(fp.as_str()) else {
            continue;
        };
        let Some(at) = entries
            .iter()
            .position(|(rule, res)| *rule == v.rule_id && *res == v.address)
        else {
            continue;
        };
        entries.swap_remove(at);
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
    (matched, left.values().map(Vec::len).sum())
}

/// Record the failing findings in `path` and apply them at once, so the run that writes a
/// baseline is clean.
fn write(
    path: &Path,
    verdicts: &mut [Verdict],
    sources: &Sources,
    bounds: &[PathBuf],
) -> Diagnostic {
    let b = from_verdicts(verdicts, sources);
    let mut text = serde_json::to_string_pretty(&b).unwrap_or_default();
    text.push('\n');
    match files::write_output(path, text.as_bytes(), bounds) {
        Ok(()) => {
            apply(verdicts, &b);
            Diagnostic::info(
                "baseline",
                format!(
                    "wrote {} failing finding(s) to the baseline {}",
                    b.findings.len(),
                    display_path(path)
                ),
            )
        }
        Err(e) => Diagnostic::error(
            "baseline-error",
            format!("cannot write the baseline {}: {e}", display_path(path)),
        ),
    }
}

/// What one run asks of baselines, from its command line.
pub struct Request<'a> {
    /// `--baseline`.
    pub read: Option<&'a Path>,
    /// `--write-baseline`.
    pub write: Option<&'a Path>,
    /// The first path checked: the tree a baseline may lie in.
    pub first_path: Option<&'a Path>,
    /// The largest baseline read (`--limit file-size`).
    pub max_file_bytes: u64,
}

/// `--write-baseline` and `--baseline` for one run.
pub fn run(req: &Request<'_>, verdicts: &mut [Verdict], sources: &Sources) -> Vec<Diagnostic> {
    let bounds = boundaries(req);
    if let Some(path) = req.write {
        return vec![write(path, verdicts, sources, &bounds)];
    }
    let Some(path) = req.read else {
        return Vec::new();
    };
    let b = match read(path, &bounds, req.max_file_bytes) {
        Ok(b) => b,
        Err(d) => return vec![d],
    };
    let (matched, fixed) = apply(verdicts, &b);
    let mut d = Diagnostic::info(
        "baseline",
        format!(
            "baseline {}: {matched} finding(s) in the baseline reported as suppressed; {fixed} of its {} entries are now fixed",
            display_path(path),
            b.findings.len()
        ),
    );
    if fixed > 0 {
        d = d.with_help("run with --write-baseline to drop the fixed entries");
    }
    vec![d]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::Loc;

    fn verdict(rule: &'static str, address: &str, message: &str) -> Verdict {
        Verdict {
            rule_id: rule.into(),
            status: Status::Fail,
            address: address.to_string(),
            module: String::new(),
            rtype: String::new(),
            loc: Loc::default(),
            message: message.to_string(),
            fix: String::new(),
            suppression: None,
            root: ".".to_string(),
            related: Vec::new(),
            configured: None,
        }
    }

    #[test]
    fn parts_cannot_be_shifted_into_each_other() {
        // With a separator, an address ending in it and a message starting after it would
        // hash like a shorter address and a longer message.
        let a = fingerprint(&verdict("PE008", "x\0y", "z"));
        let b = fingerprint(&verdict("PE008", "x", "y\0z"));
        assert_ne!(a, b);
        assert!(a.starts_with("sha256:") && a.len() == 7 + 32, "{a}");
    }

    #[test]
    fn what_was_found_is_fingerprinted_not_where() {
        let mut v = verdict("PE008", "module.m.aws_iam_policy.p", "action \"s3:*\"");
        let before = fingerprint(&v);
        v.loc.span = crate::source::Span::new(100, 120);
        assert_eq!(fingerprint(&v), before);
        v.message.push_str("; resource \"*\"");
        assert_ne!(fingerprint(&v), before);
    }

    #[test]
    fn an_entry_silences_one_finding_of_its_own_rule_and_resource() {
        let v = verdict("PE001", "aws_kms_key.k", "off");
        let entry = |rule: &str| Entry {
            rule_id: rule.to_string(),
            resource: v.address.clone(),
            fingerprint: fingerprint(&v),
            file: String::new(),
            line: 0,
            message: String::new(),
        };
        let b = Baseline {
            version: VERSION,
            tool: "pe-lint".into(),
            findings: vec![entry("PE003"), entry("*"), entry("PE001"), entry("PE001")],
        };
        let mut vs = vec![v.clone(), v.clone(), v];
        assert_eq!(apply(&mut vs, &b), (2, 2));
        assert_eq!(vs[2].status, Status::Fail);
    }
}

//! Autofix (`--fix`, `--diff`): a machine-applicable edit for a failing finding, or the reason
//! why none is offered.
//!
//! Rules decide pass or fail; this layer decides, for each failing verdict, whether one edit at
//! the value's origin makes it pass without changing any other resource's value. Edits are byte
//! replacements in the text pe-lint read (format-preserving by construction: nothing outside
//! the replaced bytes moves). [`plan`] computes them, [`apply`] turns them into new file texts,
//! [`write`] writes those safely.

mod align;
mod apply;
mod envmap;
mod jsonins;
mod locate;
mod rules;
mod tags;
mod write;

use std::collections::{BTreeMap, BTreeSet};

use crate::rules::{Settings, Status, Verdict};
use crate::source::{FileId, Span};
use crate::terraform::loaded::Loaded;

pub use apply::{apply, unified_diff, Change};
pub use write::write;

/// One byte replacement in a file pe-lint read: `span` (empty for an insertion) becomes `text`.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Edit {
    pub file: FileId,
    pub span: Span,
    pub text: String,
}

/// Where an edit is made, relative to the failing resource.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Origin {
    /// In the resource block itself (a literal, or an added argument).
    Resource,
    /// In a related resource block (the bucket's public access block), or a new block.
    Related,
    /// A variable's default or a `.tfvars` value: the one place that decides the value.
    Variable,
}

/// A fix for one finding: the edits, what they do, and every instance whose values they decide.
#[derive(Clone, Debug)]
pub struct Fix {
    pub edits: Vec<Edit>,
    pub what: String,
    pub origin: Origin,
    /// `(root, address)` of the instances the edited text configures. A fix is refused when
    /// one of them has a verdict of the same rule that this fix does not also fix.
    pub decides: Vec<(String, String)>,
}

#[derive(Clone, Debug)]
pub enum Remedy {
    Fix(Fix),
    /// No edit is offered, and why.
    NoFix(String),
}

/// Values only the configuration can give (`autofix { ... }` in `.pe-lint.hcl`).
#[derive(Clone, Debug, Default)]
pub struct Options {
    pub reserved_concurrency: Option<u64>,
    /// `tags = { Owner = "team-x" }`: the values PE006 fixes may add (never invented).
    pub tags: BTreeMap<String, String>,
    /// The fixes custom rules declare (`autofix` in a `check`), set by the driver from the
    /// run's rules: `(rule id, resource type)` to the argument and its value.
    pub custom: BTreeMap<(String, String), crate::rules::custom::CheckFix>,
    /// The checked paths, absolute (set by the driver, not the configuration): an edit outside
    /// them could change resources of roots this run did not evaluate, so none is made there.
    pub within: Vec<std::path::PathBuf>,
}

/// A remedy for every failing, unsuppressed verdict (`None` for the others), in verdict order.
pub fn plan(
    loaded: &Loaded,
    settings: &Settings,
    options: &Options,
    verdicts: &[Verdict],
) -> Vec<Option<Remedy>> {
    let cx = locate::Cx::new(loaded);
    let mut out: Vec<Option<Remedy>> = verdicts
        .iter()
        .map(|v| {
            (v.status == Status::Fail && v.suppression.is_none())
                .then(|| inside(&cx, options, rules::remedy(&cx, settings, options, v)))
        })
        .collect();
    refuse_shared(verdicts, &mut out);
    refuse_conflicts(&mut out);
    out
}

/// A fix with an edit outside the checked paths is refused.
fn inside(cx: &locate::Cx<'_>, options: &Options, r: Remedy) -> Remedy {
    let Remedy::Fix(f) = &r else {
        return r;
    };
    let outside = f.edits.iter().find(|e| {
        let path = crate::files::absolute(&cx.loaded.sources.get(e.file).path);
        !options.within.iter().any(|t| path.starts_with(t))
    });
    match outside {
        Some(e) => Remedy::NoFix(format!(
            "the edit would be in {}, outside the checked paths (other roots may use it)",
            crate::escape::line(cx.display(e.file))
        )),
        None => r,
    }
}

/// A fix whose edit also decides an instance whose finding it does not fix (a suppressed one,
/// one that passes, one that needs another value) is refused: it would change that resource.
fn refuse_shared(verdicts: &[Verdict], out: &mut [Option<Remedy>]) {
    let mut by_instance: BTreeMap<(&str, &str, &str), Vec<usize>> = BTreeMap::new();
    for (i, v) in verdicts.iter().enumerate() {
        by_instance
            .entry((v.rule_id.as_str(), v.root.as_str(), v.address.as_str()))
            .or_default()
            .push(i);
    }
    let edits_of = |r: &Option<Remedy>| match r {
        Some(Remedy::Fix(f)) => Some(f.edits.clone()),
        _ => None,
    };
    let mut refusals = Vec::new();
    for (i, v) in verdicts.iter().enumerate() {
        let Some(Remedy::Fix(fix)) = &out[i] else {
            continue;
        };
        for (root, address) in &fix.decides {
            let others = by_instance
                .get(&(v.rule_id.as_str(), root.as_str(), address.as_str()))
                .map(Vec::as_slice)
                .unwrap_or(&[]);
            // Another instance's fix that makes one of these edits too agrees with it (PE006's
            // provider edit is shared by fixes that also add keys to their own blocks).
            let blocker = others.iter().find(|&&j| {
                !edits_of(&out[j])
                    .is_some_and(|theirs| theirs.iter().any(|e| fix.edits.contains(e)))
            });
            if let Some(&j) = blocker {
                let w = &verdicts[j];
                let state = match (&w.suppression, w.status) {
                    (Some(_), _) => "is suppressed".to_string(),
                    (None, Status::Fail) => "needs a different fix".to_string(),
                    (None, s) => format!("is {}", s.as_str()),
                };
                refusals.push((
                    i,
                    match w.root == v.root {
                        true => format!(
                            "the edit would also change {}, whose {} finding {state}",
                            w.address, w.rule_id
                        ),
                        false => format!(
                            "the edit would also change {} in {}, whose {} finding {state}",
                            w.address, w.root, w.rule_id
                        ),
                    },
                ));
                break;
            }
        }
    }
    for (i, why) in refusals {
        out[i] = Some(Remedy::NoFix(why));
    }
}

/// Two different edits of overlapping text (one line deciding log groups of two environments
/// that need different values): neither is made.
fn refuse_conflicts(out: &mut [Option<Remedy>]) {
    let all: BTreeSet<Edit> = out
        .iter()
        .flatten()
        .filter_map(|r| match r {
            Remedy::Fix(f) => Some(f.edits.iter().cloned()),
            Remedy::NoFix(_) => None,
        })
        .flatten()
        .collect();
    let all: Vec<Edit> = all.into_iter().collect();
    let mut clashing: BTreeSet<&Edit> = BTreeSet::new();
    for (i, a) in all.iter().enumerate() {
        for b in &all[i + 1..] {
            if a.file == b.file && overlaps(a.span, b.span) {
                clashing.insert(a);
                clashing.insert(b);
            }
        }
    }
    for r in out.iter_mut() {
        if let Some(Remedy::Fix(f)) = r {
            if f.edits.iter().any(|e| clashing.contains(e)) {
                *r = Some(Remedy::NoFix(
                    "the same text would need two different edits (it decides resources that need different values)"
                        .to_string(),
                ));
            }
        }
    }
}

/// Replacements that touch the same bytes; two insertions at one point do not clash (both are
/// made, in a fixed order), an insertion at a replacement's edge does not either.
fn overlaps(a: Span, b: Span) -> bool {
    match (a.is_empty(), b.is_empty()) {
        (true, true) => false,
        (true, false) => b.start < a.start && a.start < b.end,
        (false, true) => a.start < b.start && b.start < a.end,
        (false, false) => a.start < b.end && b.start < a.end,
    }
}

/// The text added to a finding's fix when `--fix`/`--diff` offers no edit for it.
pub fn no_fix_note(why: &str) -> String {
    format!("no automatic fix: {why}")
}

//! Applying edits to the text pe-lint read, and the unified diff of the result.

use std::collections::{BTreeMap, BTreeSet};

use super::{Edit, Remedy};
use crate::source::{FileId, Sources};

/// A file's text before and after its edits.
pub struct Change {
    pub file: FileId,
    pub before: String,
    pub after: String,
}

/// The new text of every file an offered fix edits, in file order. Identical edits (two
/// instances of one counted block) are made once; insertions at one point go in text order.
pub fn apply(sources: &Sources, remedies: &[Option<Remedy>]) -> Vec<Change> {
    let mut by_file: BTreeMap<FileId, BTreeSet<&Edit>> = BTreeMap::new();
    for r in remedies.iter().flatten() {
        if let Remedy::Fix(f) = r {
            for e in &f.edits {
                by_file.entry(e.file).or_default().insert(e);
            }
        }
    }
    let mut out = Vec::new();
    for (file, edits) in by_file {
        let before = sources.get(file).text.to_string();
        // Added lines end as the file's lines do.
        let crlf = before.contains("\r\n");
        let mut after = String::with_capacity(before.len() + 256);
        let mut at = 0usize;
        // At one point, one-line insertions go before multi-line ones: a one-line argument
        // was aligned with the group above, which a multi-line one would end.
        let mut edits: Vec<&Edit> = edits.into_iter().collect();
        edits.sort_by_key(|e| {
            let multi = e.text.trim_end().contains('\n');
            (e.span.start, e.span.end, multi, e.text.as_str())
        });
        for e in edits {
            let (start, end) = (e.span.start as usize, e.span.end as usize);
            // `plan` refused overlapping edits; a stray one is skipped, never applied twice.
            if start < at || end > before.len() {
                continue;
            }
            after.push_str(&before[at..start]);
            match crlf && !e.text.contains('\r') {
                true => after.push_str(&e.text.replace('\n', "\r\n")),
                false => after.push_str(&e.text),
            }
            at = end;
        }
        after.push_str(&before[at..]);
        if after != before {
            out.push(Change {
                file,
                before,
                after,
            });
        }
    }
    out
}

/// A unified diff (`--- a/x.tf`, `+++ b/x.tf`, three lines of context) of every change.
pub fn unified_diff(sources: &Sources, changes: &[Change]) -> String {
    let mut out = String::new();
    for c in changes {
        let name = &sources.get(c.file).display;
        let diff = similar::TextDiff::from_lines(&c.before, &c.after);
        out.push_str(
            &diff
                .unified_diff()
                .context_radius(3)
                .header(&format!("a/{name}"), &format!("b/{name}"))
                .to_string(),
        );
    }
    out
}

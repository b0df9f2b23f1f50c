//! Report formats. Each reads the same sorted findings and writes one format.

use serde_json::{json, Value as J};

use crate::diag::Diagnostic;
use crate::source::Sources;

/// A diagnostic as JSON (shared by the JSON report and `inspect`).
pub fn diagnostic_json(d: &Diagnostic, sources: &Sources) -> J {
    let (file, line, column) = match d.loc.and_then(|l| l.file.map(|f| (f, l.span))) {
        Some((f, span)) => {
            let src = sources.get(f);
            let p = src.position(span.start);
            (
                J::from(src.display.as_str()),
                J::from(p.line),
                J::from(p.column),
            )
        }
        None => (J::Null, J::Null, J::Null),
    };
    json!({
        "severity": d.severity.as_str(),
        "code": d.code,
        "message": d.message,
        "file": file,
        "line": line,
        "column": column,
        "help": d.help,
    })
}

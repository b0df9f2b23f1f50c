//! Problems with the input itself (unreadable files, parse errors, evaluation trouble), as
//! opposed to rule findings. Errors make the run untrustworthy: exit code 2.

use crate::source::{FileId, Loc, Sources, Span};

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    Error,
    Warning,
    Info,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    /// Stable machine-readable kind, e.g. `parse-error`, `io-error`, `unsupported-function`.
    pub code: &'static str,
    pub message: String,
    pub loc: Option<Loc>,
    pub help: Option<String>,
}

impl Diagnostic {
    pub fn new(severity: Severity, code: &'static str, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            severity,
            code,
            message: message.into(),
            loc: None,
            help: None,
        }
    }
    pub fn error(code: &'static str, message: impl Into<String>) -> Diagnostic {
        Diagnostic::new(Severity::Error, code, message)
    }
    pub fn warning(code: &'static str, message: impl Into<String>) -> Diagnostic {
        Diagnostic::new(Severity::Warning, code, message)
    }
    pub fn info(code: &'static str, message: impl Into<String>) -> Diagnostic {
        Diagnostic::new(Severity::Info, code, message)
    }
    pub fn at(mut self, file: FileId, span: Span) -> Diagnostic {
        self.loc = Some(Loc {
            file: Some(file),
            span,
        });
        self
    }
    pub fn at_loc(mut self, loc: Loc) -> Diagnostic {
        if loc.file.is_some() {
            self.loc = Some(loc);
        }
        self
    }
    pub fn with_help(mut self, help: impl Into<String>) -> Diagnostic {
        self.help = Some(help.into());
        self
    }
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

/// Where a location is, as reports and baselines show it: file, line, column, end line and end
/// column.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Position {
    pub file: String,
    pub line: usize,
    pub column: usize,
    pub end_line: usize,
    pub end_column: usize,
}

pub fn position(sources: &Sources, loc: &Loc) -> Option<Position> {
    let f = sources.get(loc.file?);
    let start = f.position(loc.span.start);
    let end = f.end_position(loc.span);
    Some(Position {
        file: f.display.clone(),
        line: start.line,
        column: start.column,
        end_line: end.line.max(start.line),
        end_column: if end.line > start.line {
            end.column
        } else {
            end.column.max(start.column + 1)
        },
    })
}

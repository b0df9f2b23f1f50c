//! GitHub Actions workflow commands: one annotation per finding at its level (`::error` when
//! it fails the run, `::warning` below that or unresolved, `::notice` suppressed), and one per configuration error or warning, so findings show up on
//! the pull request's diff. Escaped as the Actions toolkit escapes them (`escapeData`,
//! `escapeProperty` in @actions/core).

use super::{escape, Position, Report};
use crate::diag::Severity;

/// Escape the message part of a workflow command. Beyond the toolkit's escapes, the other
/// control, bidi and invisible characters from the tree are shown as visible escapes and
/// `##[` / `##vso[` are defanged: the command line is printed in the log as it is.
pub fn escape_data(s: &str) -> String {
    let data = s
        .replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A");
    escape::defang_anywhere(&escape::line(&data)).into_owned()
}

/// Escape a property value (`file=`, `title=`): the data escapes plus `:` and `,`.
pub fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

/// One workflow command line, with the position's properties when there is one.
pub fn command(kind: &str, pos: Option<&Position>, title: &str, message: &str) -> String {
    let mut props = Vec::new();
    if let Some(p) = pos {
        props.push(format!("file={}", escape_property(&p.file)));
        props.push(format!("line={}", p.line));
        props.push(format!("col={}", p.column));
        props.push(format!("endLine={}", p.end_line));
        props.push(format!("endColumn={}", p.end_column));
    }
    if !title.is_empty() {
        props.push(format!("title={}", escape_property(title)));
    }
    let props = if props.is_empty() {
        String::new()
    } else {
        format!(" {}", props.join(","))
    };
    format!("::{kind}{props}::{}\n", escape_data(message))
}

pub fn render(r: &Report<'_>) -> String {
    let mut out = String::new();
    for d in r.diagnostics {
        let kind = match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => continue,
        };
        let pos = d.loc.as_ref().and_then(|l| r.position(l));
        let mut message = d.message.clone();
        if let Some(h) = &d.help {
            message.push_str(&format!("\nhelp: {h}"));
        }
        out.push_str(&command(kind, pos.as_ref(), d.code, &message));
    }
    // `::error` exactly for the findings that fail the run; a suppression is a notice with its
    // reason, so a reviewer sees every exception.
    for v in r.findings() {
        let kind = r.level(v).github();
        let name = r
            .rules
            .lookup(&v.rule_id)
            .map(|m| m.name.as_str())
            .unwrap_or("");
        let title = format!("{} {name}", v.rule_id).trim_end().to_string();
        let mut message = v.message.clone();
        if let Some(s) = &v.suppression {
            message = format!(
                "suppressed ({}): {}\n{message}",
                s.kind,
                crate::suppress::reason_shown(&s.reason)
            );
        }
        if !v.fix.is_empty() {
            message.push_str(&format!("\nfix: {}", v.fix));
        }
        let pos = r.position(&v.loc);
        out.push_str(&command(kind, pos.as_ref(), &title, &message));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_per_the_toolkit() {
        assert_eq!(escape_data("a%b\r\nc:d,e"), "a%25b%0D%0Ac:d,e");
        assert_eq!(escape_property("a%b\r\nc:d,e"), "a%25b%0D%0Ac%3Ad%2Ce");
        let pos = Position {
            file: "dir,x/a:b.tf".into(),
            line: 3,
            column: 5,
            end_line: 4,
            end_column: 2,
        };
        assert_eq!(
            command(
                "error",
                Some(&pos),
                "PE001 kms-key-rotation",
                "50% done\nnext: a, b"
            ),
            "::error file=dir%2Cx/a%3Ab.tf,line=3,col=5,endLine=4,endColumn=2,\
             title=PE001 kms-key-rotation::50%25 done%0Anext: a, b\n"
        );
        assert_eq!(command("warning", None, "", "m"), "::warning::m\n");
    }
}

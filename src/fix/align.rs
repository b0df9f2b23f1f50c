//! Adding arguments to a block as `terraform fmt` would lay them out: a one-line argument joins
//! the `=`-aligned group of one-line arguments right above it (the group is realigned when the
//! new name is longer); a multi-line one (`tags = {` ... `}`) starts no group, as in fmt.

use super::locate::{replace, Cx};
use super::Edit;
use crate::parse::FileKind;
use crate::source::{FileId, Span};
use crate::syntax::Block;

/// Edits adding `pairs` (name, value text) as the last arguments of `block`. A multi-line value
/// is written with its lines as given, indented by the block's argument indent.
pub fn insert_attrs(
    cx: &Cx<'_>,
    file: FileId,
    block: &Block,
    pairs: &[(&str, &str)],
) -> Result<Vec<Edit>, String> {
    insert_pairs(cx, file, block.span, pairs)
}

/// [`insert_attrs`] for the braces at `span`: a block or an object literal.
pub fn insert_pairs(
    cx: &Cx<'_>,
    file: FileId,
    span: Span,
    pairs: &[(&str, &str)],
) -> Result<Vec<Edit>, String> {
    let listed = pairs
        .iter()
        .map(|(a, v)| format!("{a} = {v}"))
        .collect::<Vec<_>>()
        .join(", ");
    insert_into(cx, file, span, &listed, |text, group, indent| {
        layout(file, text, group, indent, pairs)
    })
}

/// An edit adding `raw` (a nested block, lines as given) as the last item of the braces at
/// `span`: a multi-line item ends any aligned group, so nothing else moves.
pub fn insert_raw(cx: &Cx<'_>, file: FileId, span: Span, raw: &str) -> Result<Vec<Edit>, String> {
    insert_into(cx, file, span, raw, |_, _, indent| {
        let raw = raw.replace('\n', &format!("\n{indent}"));
        (Vec::new(), format!("{indent}{raw}\n"))
    })
}

/// The edits adding what `lay_out` writes (given the text, the aligned group above the
/// insertion point and the item indent) before the closing brace of `span` (a block or an
/// object literal): above the brace on its own line, or opening an empty `{}` onto three lines.
fn insert_into(
    cx: &Cx<'_>,
    file: FileId,
    span: Span,
    what: &str,
    lay_out: impl Fn(&str, &[Line], &str) -> (Vec<Edit>, String),
) -> Result<Vec<Edit>, String> {
    if cx.kind(file) != Some(FileKind::Tf) {
        return Err(format!(
            "adding `{what}` to a JSON file is not supported; add it by hand"
        ));
    }
    let text = cx.text(file);
    let close = (span.end as usize).saturating_sub(1);
    if close <= span.start as usize || text.as_bytes().get(close) != Some(&b'}') {
        return Err("the closing brace was not found".to_string());
    }
    let line_start = text[..close].rfind('\n').map_or(0, |n| n + 1);
    let header_start = text[..span.start as usize].rfind('\n').map_or(0, |n| n + 1);
    let header_indent: String = text[header_start..]
        .chars()
        .take_while(|c| *c == ' ' || *c == '\t')
        .collect();
    let indent = format!("{header_indent}  ");
    if line_start > span.start as usize && text[line_start..close].trim().is_empty() {
        // The closing brace is on a line of its own: the new lines go right above it.
        let group = group_above(text, line_start, &indent);
        let (mut edits, lines) = lay_out(text, &group, &indent);
        edits.push(replace(file, Span::new(line_start, line_start), &lines));
        return Ok(edits);
    }
    let open = text[..close].rfind('{').unwrap_or(close);
    if open < span.start as usize || !text[open + 1..close].trim().is_empty() {
        return Err(format!(
            "the braces are written on one line; add `{what}` by hand"
        ));
    }
    let (_, lines) = lay_out(text, &[], &indent);
    let body = format!("{{\n{lines}{header_indent}}}");
    Ok(vec![replace(file, Span::new(open, close + 1), &body)])
}

/// One `name = value` line of a group: where its name ends and its `=` is.
#[derive(Clone, Copy, Debug)]
struct Line {
    name_len: usize,
    /// The whitespace between the name and the `=`.
    pad: Span,
}

/// The new lines (one-line arguments first, so that they join the group) and the edits that
/// realign the group's existing lines to the new width.
fn layout(
    file: FileId,
    text: &str,
    group: &[Line],
    indent: &str,
    pairs: &[(&str, &str)],
) -> (Vec<Edit>, String) {
    type Pairs<'p, 'q> = Vec<&'p (&'q str, &'q str)>;
    let (single, multi): (Pairs<'_, '_>, Pairs<'_, '_>) =
        pairs.iter().partition(|(_, v)| !v.contains('\n'));
    let width = group
        .iter()
        .map(|l| l.name_len)
        .chain(single.iter().map(|(a, _)| a.chars().count()))
        .max()
        .unwrap_or(0);
    let mut edits = Vec::new();
    if !single.is_empty() {
        for l in group {
            let want = " ".repeat(width - l.name_len + 1);
            if text.get(l.pad.start as usize..l.pad.end as usize) != Some(want.as_str()) {
                edits.push(replace(file, l.pad, &want));
            }
        }
    }
    let mut lines = String::new();
    for (a, v) in single {
        lines.push_str(&format!("{indent}{a:<width$} = {v}\n"));
    }
    for (a, v) in multi {
        let v = v.replace('\n', &format!("\n{indent}"));
        lines.push_str(&format!("{indent}{a} = {v}\n"));
    }
    (edits, lines)
}

/// The one-line arguments at `indent` right above the line starting at `at`, nearest last
/// reversed to text order. A blank line, a comment, another indent, a line that is not
/// `name = value` or whose value goes on over more lines ends the group (as in fmt).
fn group_above(text: &str, at: usize, indent: &str) -> Vec<Line> {
    let mut out = Vec::new();
    let mut end = at;
    // Set while walking up through a heredoc's lines: its closing word.
    let mut heredoc: Option<String> = None;
    while end > 0 {
        let start = text[..end - 1].rfind('\n').map_or(0, |n| n + 1);
        let line = text[start..end - 1].trim_end_matches('\r');
        end = start;
        if let Some(word) = &heredoc {
            // fmt aligns a heredoc's opening line with the group, which goes on after it.
            if let Some(l) = argument_line(line, indent, Some(word)) {
                out.push(l.at(start));
                heredoc = None;
            }
            continue;
        }
        if let Some(l) = argument_line(line, indent, None) {
            out.push(l.at(start));
            continue;
        }
        let word = line.trim();
        let is_word = !word.is_empty() && word.chars().all(|c| c.is_alphanumeric() || c == '_');
        if !is_word {
            break;
        }
        heredoc = Some(word.to_string());
    }
    if heredoc.is_some() {
        // The heredoc's start was not found: no group can be trusted.
        return Vec::new();
    }
    out.reverse();
    out
}

impl Line {
    fn at(self, start: usize) -> Line {
        Line {
            name_len: self.name_len,
            pad: Span::new(
                start + self.pad.start as usize,
                start + self.pad.end as usize,
            ),
        }
    }
}

/// `indent name = value` on one line (or, with `heredoc`, the line opening the heredoc that
/// word closes): the name's length in characters and the whitespace after it, in the line.
fn argument_line(line: &str, indent: &str, heredoc: Option<&str>) -> Option<Line> {
    let rest = line.strip_prefix(indent)?;
    let first = rest.chars().next()?;
    if !(first.is_alphabetic() || first == '_') {
        return None;
    }
    let name_end = rest
        .find(|c: char| !(c.is_alphanumeric() || c == '_' || c == '-'))
        .unwrap_or(rest.len());
    let after = &rest[name_end..];
    let eq = after.len() - after.trim_start_matches([' ', '\t']).len();
    let value = after[eq..].strip_prefix('=')?;
    if value.starts_with('=') {
        return None;
    }
    let value = value.trim();
    let fits = match heredoc {
        Some(word) => {
            let opener = value.strip_prefix("<<").map(|v| v.trim_start_matches('-'));
            opener == Some(word)
        }
        None => !(value.ends_with(['{', '[', '(']) || value.contains("<<") || value.is_empty()),
    };
    if !fits {
        return None;
    }
    let from = indent.len() + name_end;
    Some(Line {
        name_len: rest[..name_end].chars().count(),
        pad: Span::new(from, from + eq),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn argument_lines() {
        let of = |line: &str, heredoc: Option<&str>| {
            argument_line(line, "  ", heredoc).map(|l| (l.name_len, l.pad.start, l.pad.end))
        };
        assert_eq!(of("  name = 1", None), Some((4, 6, 7)));
        assert_eq!(of("  name    = 1", None), Some((4, 6, 10)));
        assert_eq!(of("  tags = {", None), None);
        assert_eq!(of("  # a = 1", None), None);
        assert_eq!(of("    a = 1", None), None);
        assert_eq!(of("  }", None), None);
        assert_eq!(of("  policy = <<EOF", None), None);
        assert_eq!(of("  policy = <<-EOF", Some("EOF")), Some((6, 8, 9)));
        assert_eq!(of("  a == b", None), None);
    }

    #[test]
    fn the_group_above_stops_at_a_blank_line_or_a_multi_line_value() {
        let text = "r {\n  a = 1\n\n  bb = 2\n  c  = 3\n}\n";
        let at = text.rfind('}').unwrap();
        let g = group_above(text, at, "  ");
        assert_eq!(g.len(), 2);
        assert_eq!(g[0].name_len, 2);
        let text = "r {\n  x = 1\n  t = {\n    k = 1\n  }\n}\n";
        assert!(group_above(text, text.rfind('}').unwrap(), "  ").is_empty());
        let text = "r {\n  a = 1\n  p = <<EOT\nx\nEOT\n}\n";
        assert_eq!(group_above(text, text.rfind('}').unwrap(), "  ").len(), 2);
    }
}

//! Small helpers shared by the rules.

use crate::terraform::value::Unknown;
use crate::terraform::{Instance, Value};

/// Does `v` (an attribute value) point at `target`, through an unknown's origin (e.g.
/// `aws_s3_bucket.b.id`) or a whole-resource reference?
pub fn points_to(v: &Value, target: &Instance) -> bool {
    v.referenced_resources()
        .iter()
        .any(|a| **a == *target.address)
}

/// Does an attribute of `from` refer to `target`, by value origin or through the reference
/// graph (locals, module inputs and outputs)? When the value names one resource precisely,
/// the graph is not consulted (it may list every instance of a counted resource).
pub fn attr_refers_to(from: &Instance, attr: &str, target: &Instance) -> bool {
    from.attr(attr)
        .is_some_and(|v| value_refers_to(from, attr, &v, target))
}

/// Does `v`, read from the top-level attribute `attr` of `from` (or a part of it), refer to
/// `target`? Its own origins when it names resources; else, while part of it is unknown, the
/// reference graph of `attr`. The one "refers to" check: built-in and custom rules use it.
pub fn value_refers_to(from: &Instance, attr: &str, v: &Value, target: &Instance) -> bool {
    let precise = v.referenced_resources();
    if !precise.is_empty() {
        return precise.iter().any(|a| **a == *target.address);
    }
    if v.is_wholly_known() {
        return false;
    }
    from.refs_of(attr).iter().any(|a| **a == *target.address)
}

/// A known string attribute.
pub fn known_str(i: &Instance, attr: &str) -> Option<String> {
    i.attr(attr).and_then(|v| v.as_str().map(str::to_string))
}

/// A short description of a value for messages.
pub fn show(v: &Value) -> String {
    v.display()
}

/// Why a value is unknown, for messages.
pub fn why_unknown(v: &Value) -> String {
    let mut origins = Vec::new();
    v.collect_origins(&mut origins);
    origins.sort();
    origins.dedup();
    if origins.is_empty() {
        "it is known only after apply".to_string()
    } else {
        format!(
            "it depends on {}",
            origins
                .iter()
                .map(|o| o.text.to_string())
                .collect::<Vec<_>>()
                .join(", ")
        )
    }
}

/// The resource of an unknown that comes from some resource, nobody can say which (a plan
/// without its `configuration`, or a reference through a local value).
pub const ANY_RESOURCE: &str = "*[*]";

/// Might `v` point at `target` without saying so for sure? It comes from one of several
/// instances of `target`'s block and nothing says which (`aws_sqs_queue.dlq[*]`: a plan's
/// `aws_sqs_queue.dlq[count.index]`), or from [`ANY_RESOURCE`]. Module keys are not compared.
pub fn may_point_to(v: &Value, target: &Instance) -> bool {
    let block = format!("{}[*]", without_keys(&target.address));
    v.referenced_resources().iter().any(|r| {
        **r == *ANY_RESOURCE
            || (r.ends_with("[*]") && without_keys(r.trim_end_matches("[*]")) + "[*]" == block)
    })
}

/// An address without its instance keys (`module.a.aws_x.y` of `module.a["k"].aws_x.y[0]`).
pub fn without_keys(address: &str) -> String {
    let mut out = String::new();
    let (mut depth, mut in_str, mut esc) = (0usize, false, false);
    for c in address.chars() {
        match (in_str, esc, c) {
            (true, true, _) => esc = false,
            (true, false, '\\') => esc = true,
            (true, false, '"') => in_str = false,
            (true, ..) => {}
            (false, _, '"') if depth > 0 => in_str = true,
            (false, _, '[') => depth += 1,
            (false, _, ']') => depth = depth.saturating_sub(1),
            (false, ..) if depth == 0 => out.push(c),
            _ => {}
        }
    }
    out
}

/// One step into a JSON document: a member by key, or an array element.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum JsonStep {
    Key(String),
    Index(usize),
}

/// The exact place, in the source, of an element inside a policy written as JSON text in the
/// attribute at `attr` (`policy = <<EOF {...} EOF`, `<<-EOT`, `"{\"Statement\": ...}"`), for
/// `value`, the attribute's evaluated text. Decoded offsets are mapped back through escapes,
/// `${}` interpolations and the indentation `<<-` strips. `None` (the caller keeps the
/// attribute) when the expression is not such a literal, the path is not in it, or the text
/// decoded from the source is not the evaluated value: never a wrong place.
pub fn json_text_loc(
    sources: &crate::source::Sources,
    attr: crate::source::Loc,
    value: &Value,
    path: &[JsonStep],
) -> Option<crate::source::Loc> {
    let file = attr.file?;
    let text: &str = &sources.get(file).text;
    let (start, end) = (attr.span.start as usize, attr.span.end as usize);
    let src = text.get(start..end.min(text.len()))?;
    let decoded = decode_literal(src)?;
    if !decoded.matches(value) {
        return None;
    }
    let doc = crate::json::parse(&decoded.json()).ok()?;
    let mut node = &doc;
    for step in path {
        node = match (step, &node.kind) {
            (JsonStep::Key(k), _) => node.get(k)?,
            (JsonStep::Index(i), crate::json::JKind::Array(items)) => items.get(*i)?,
            _ => return None,
        };
    }
    let (from, to) = decoded.source_span(node.span.start as usize, node.span.end as usize)?;
    Some(crate::source::Loc {
        file: Some(file),
        span: crate::source::Span::new(start + from, start + to),
    })
}

/// A string literal's text as Terraform reads it: literal pieces, each decoded byte with the
/// source range it came from, and interpolations between them.
#[derive(Default)]
struct Decoded {
    /// Literal text, and `None` for an interpolation.
    pieces: Vec<Option<String>>,
    /// Per byte of the joined JSON text: (start, end) in the attribute's source.
    at: Vec<(usize, usize)>,
}

impl Decoded {
    fn push_str(&mut self, s: &str, from: usize, to: usize) {
        match self.pieces.last_mut() {
            Some(Some(t)) => t.push_str(s),
            _ => self.pieces.push(Some(s.to_string())),
        }
        self.at.extend(std::iter::repeat_n((from, to), s.len()));
    }

    /// An interpolation: a placeholder the JSON parser accepts as a value or inside a string.
    fn push_interpolation(&mut self, from: usize, to: usize) {
        let n = self.pieces.len();
        self.pieces.push(None);
        let mark = format!(
            "{}{n}{}",
            crate::json::SENTINEL_OPEN,
            crate::json::SENTINEL_CLOSE
        );
        self.at.extend(std::iter::repeat_n((from, to), mark.len()));
    }

    fn json(&self) -> String {
        let mut out = String::new();
        for (n, p) in self.pieces.iter().enumerate() {
            match p {
                Some(t) => out.push_str(t),
                None => out.push_str(&format!(
                    "{}{n}{}",
                    crate::json::SENTINEL_OPEN,
                    crate::json::SENTINEL_CLOSE
                )),
            }
        }
        out
    }

    /// Whether the evaluated text is this literal: equal when there is no interpolation, else
    /// the literal pieces in order, the first at the start and the last at the end.
    fn matches(&self, value: &Value) -> bool {
        let Some(v) = value.as_str() else {
            // Partly unknown: the pieces cannot be compared, so the literal is not trusted.
            return false;
        };
        let mut rest = v;
        let last = self.pieces.len().saturating_sub(1);
        for (n, p) in self.pieces.iter().enumerate() {
            let Some(t) = p else { continue };
            let found = match (n == 0, n == last) {
                (true, true) => (rest == t.as_str()).then_some(0),
                (true, false) => rest.starts_with(t.as_str()).then_some(0),
                (false, true) => rest.ends_with(t.as_str()).then(|| rest.len() - t.len()),
                (false, false) => rest.find(t.as_str()),
            };
            let Some(at) = found else { return false };
            rest = &rest[at + t.len()..];
        }
        true
    }

    fn source_span(&self, from: usize, to: usize) -> Option<(usize, usize)> {
        let start = self.at.get(from)?.0;
        let end = self.at.get(to.checked_sub(1)?)?.1;
        Some((start, end.max(start)))
    }
}

/// The attribute's expression (`name = <expr>`) when it is a quoted string or a heredoc.
fn decode_literal(src: &str) -> Option<Decoded> {
    let eq = src.find('=')?;
    let rest = &src[eq + 1..];
    let at = eq + 1 + (rest.len() - rest.trim_start().len());
    let expr = &src[at..];
    if expr.starts_with('"') {
        decode_quoted(src, at + 1)
    } else if expr.starts_with("<<") {
        decode_heredoc(src, at + 2)
    } else {
        None
    }
}

/// A quoted string from just after its opening quote: `\` escapes, `$${`, `%%{`, `${...}`.
fn decode_quoted(src: &str, mut i: usize) -> Option<Decoded> {
    let mut d = Decoded::default();
    let b = src.as_bytes();
    while i < b.len() {
        match b[i] {
            b'"' => return Some(d),
            b'\\' => {
                let (c, len) = unescape(&src[i + 1..])?;
                d.push_str(c.encode_utf8(&mut [0; 4]), i, i + 1 + len);
                i += 1 + len;
            }
            b'\n' => return None,
            _ => i = template_step(src, i, &mut d)?,
        }
    }
    None
}

/// A template character at `i` (not a quote or backslash): escapes of `${` and `%{`, an
/// interpolation, or one character. A directive (`%{ if }`) is not followed: `None`.
fn template_step(src: &str, i: usize, d: &mut Decoded) -> Option<usize> {
    let rest = &src[i..];
    if rest.starts_with("$${") || rest.starts_with("%%{") {
        d.push_str(&rest[1..3], i, i + 3);
        return Some(i + 3);
    }
    if rest.starts_with("%{") {
        return None;
    }
    if rest.starts_with("${") {
        let end = interpolation_end(src, i + 2)?;
        d.push_interpolation(i, end);
        return Some(end);
    }
    let c = rest.chars().next()?;
    d.push_str(c.encode_utf8(&mut [0; 4]), i, i + c.len_utf8());
    Some(i + c.len_utf8())
}

/// Just past the `}` that closes an interpolation opened before `i`, skipping nested braces
/// and quoted strings.
fn interpolation_end(src: &str, mut i: usize) -> Option<usize> {
    let b = src.as_bytes();
    let mut depth = 1usize;
    while i < b.len() {
        match b[i] {
            b'{' => depth += 1,
            b'}' => {
                depth -= 1;
                if depth == 0 {
                    return Some(i + 1);
                }
            }
            b'"' => {
                i += 1;
                while i < b.len() && b[i] != b'"' {
                    i += if b[i] == b'\\' { 2 } else { 1 };
                }
            }
            _ => {}
        }
        i += 1;
    }
    None
}

/// An HCL string escape after the backslash: the character and the source bytes it used.
fn unescape(s: &str) -> Option<(char, usize)> {
    let c = s.chars().next()?;
    let simple = match c {
        'n' => Some('\n'),
        'r' => Some('\r'),
        't' => Some('\t'),
        '"' => Some('"'),
        '\\' => Some('\\'),
        _ => None,
    };
    if let Some(x) = simple {
        return Some((x, 1));
    }
    let digits = match c {
        'u' => 4,
        'U' => 8,
        _ => return None,
    };
    let hex = s.get(1..1 + digits)?;
    let code = u32::from_str_radix(hex, 16).ok()?;
    Some((char::from_u32(code)?, 1 + digits))
}

/// A heredoc from just after `<<`: `EOF\n...\nEOF`, or `-EOF` whose lines lose the smallest
/// indentation of any line that has text.
fn decode_heredoc(src: &str, at: usize) -> Option<Decoded> {
    let strip = src[at..].starts_with('-');
    let marker_at = at + usize::from(strip);
    let line_end = src[marker_at..].find('\n')? + marker_at;
    let marker = src[marker_at..line_end].trim_end_matches('\r').trim();
    let mut lines: Vec<(usize, &str)> = Vec::new();
    let mut pos = line_end + 1;
    loop {
        let end = src[pos..].find('\n').map_or(src.len(), |n| pos + n + 1);
        let line = &src[pos..end];
        if line.trim() == marker {
            break;
        }
        if end == pos {
            return None;
        }
        lines.push((pos, line));
        pos = end;
    }
    let indent = match strip {
        true => lines
            .iter()
            .filter(|(_, l)| !l.trim().is_empty())
            .map(|(_, l)| l.len() - l.trim_start_matches([' ', '\t']).len())
            .min()
            .unwrap_or(0),
        false => 0,
    };
    let mut d = Decoded::default();
    // Past the end of an interpolation that ran over a line's end.
    let mut next = 0;
    for (start, line) in lines {
        let skip = (line.len() - line.trim_start_matches([' ', '\t']).len()).min(indent);
        let mut i = (start + skip).max(next);
        while i < start + line.len() {
            i = template_step(src, i, &mut d)?;
        }
        next = i;
    }
    Some(d)
}

/// Whether every origin of an unknown is a resource attribute that `is_wanted` accepts (the
/// text after `<address>.`), and the value is that attribute itself: a function's result
/// (`replace(x.arn, ...)`) keeps the attribute as its origin but may be anything.
pub fn every_origin_attribute(u: &Unknown, is_wanted: impl Fn(&str) -> bool) -> bool {
    !u.derived
        && !u.origins.is_empty()
        && u.origins.iter().all(|o| {
            let Some(addr) = &o.resource else {
                return false;
            };
            o.text
                .strip_prefix(addr.as_ref())
                .and_then(|t| t.strip_prefix('.'))
                .is_some_and(&is_wanted)
        })
}

/// `arn` or `*_arn`: an attribute AWS computes as the resource's ARN.
pub fn is_arn_name(attr: &str) -> bool {
    attr == "arn" || attr.ends_with("_arn")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The decoded JSON text, and the source text each decoded byte came from.
    fn decoded(src: &str) -> (String, String) {
        let d = decode_literal(src).expect("decodes");
        let json = d.json();
        let back: String = d.at.iter().map(|&(a, b)| &src[a..b]).collect();
        (json, back)
    }

    #[test]
    fn quoted_strings_decode_escapes_and_keep_their_source() {
        let (json, _) = decoded(r#"policy = "{\"a\": \"\u0073$${x}%%{y}\"}""#);
        assert_eq!(json, r#"{"a": "s${x}%{y}"}"#);
        let d = decode_literal(r#"p = "a\"b""#).unwrap();
        // `\"` is one decoded byte from two source bytes.
        assert_eq!(d.at, [(5, 6), (6, 8), (8, 9)]);
    }

    #[test]
    fn interpolations_are_placeholders_spanning_their_source() {
        let d = decode_literal(r#"p = "x${f({a = "}"})}y""#).unwrap();
        assert_eq!(d.pieces, [Some("x".into()), None, Some("y".into())]);
        assert!(d.matches(&Value::string("xANYTHINGy")));
        assert!(!d.matches(&Value::string("zANYTHINGy")));
    }

    #[test]
    fn indented_heredocs_lose_the_smallest_indentation() {
        let src = "p = <<-EOT\n    {\n      \"a\": 1\n    }\n  EOT\n";
        let (json, _) = decoded(src);
        assert_eq!(json, "{\n  \"a\": 1\n}\n");
        let src = "p = <<EOT\n  x ${a\n}y\nEOT\n";
        let d = decode_literal(src).unwrap();
        assert_eq!(d.pieces, [Some("  x ".into()), None, Some("y\n".into())]);
    }

    #[test]
    fn directives_and_other_expressions_are_not_mapped() {
        assert!(decode_literal("p = \"%{ if x }a%{ endif }\"").is_none());
        assert!(decode_literal("p = jsonencode({})").is_none());
        assert!(decode_literal("p = \"unterminated").is_none());
        assert!(decode_literal("p = <<EOF\nno end").is_none());
    }
}

//! Adding members to a `.tf.json` file, laid out as the object they go into is: its members'
//! indent (or one line, for minified JSON), its `:` spacing and its separators. JSON has no
//! comments, so nothing else can be lost; every added key and string is JSON-escaped.

use super::locate::{replace, Cx};
use super::Edit;
use crate::json::{self, JKind, JNode};
use crate::source::{FileId, Span};

/// A value to write: JSON text as it is (`true`, `90`, a copied `count`), or an object.
pub enum JVal {
    Raw(String),
    Obj(Vec<(String, JVal)>),
}

/// A JSON string for `s`, a Terraform template in `.tf.json` (so `${`/`%{` in `s` stay
/// interpolations: callers pass template text).
pub fn string(s: &str) -> JVal {
    JVal::Raw(json::quote(s))
}

/// How the members of one object are written.
#[derive(Clone)]
struct Style {
    /// Members on lines of their own (else on the brace's line: minified or one-line JSON).
    lines: bool,
    /// The members' indent (lines), or the text between `{` and the first member (one line).
    indent: String,
    /// The closing brace's indent (lines), or the text before `}` (one line).
    close: String,
    /// One level of indent (lines).
    unit: String,
    /// From the end of a key to its value (`: `, `:`).
    colon: String,
    /// Between one member and the next, comma included (one line only).
    sep: String,
}

impl Style {
    fn inner(&self) -> Style {
        match self.lines {
            true => Style {
                indent: format!("{}{}", self.indent, self.unit),
                close: self.indent.clone(),
                ..self.clone()
            },
            false => self.clone(),
        }
    }

    fn sep(&self) -> String {
        match self.lines {
            true => format!(",\n{}", self.indent),
            false => self.sep.clone(),
        }
    }

    fn member(&self, key: &str, v: &JVal) -> String {
        format!("{}{}{}", json::quote(key), self.colon, self.value(v))
    }

    fn value(&self, v: &JVal) -> String {
        match v {
            JVal::Raw(t) => t.clone(),
            JVal::Obj(members) => {
                let inner = self.inner();
                let body: Vec<String> = members.iter().map(|(k, v)| inner.member(k, v)).collect();
                match self.lines {
                    true => format!(
                        "{{\n{}{}\n{}}}",
                        inner.indent,
                        body.join(&inner.sep()),
                        inner.close
                    ),
                    false => format!("{{{}{}{}}}", self.indent, body.join(&self.sep), self.close),
                }
            }
        }
    }
}

/// The file's JSON tree (parsed again: the model keeps no JSON nodes).
fn tree(cx: &Cx<'_>, file: FileId) -> Result<JNode, String> {
    json::parse(cx.text(file)).map_err(|e| format!("the JSON file does not parse: {}", e.message))
}

/// The object node at `span` (a block's body: an object, perhaps an item of an array).
fn object_at(node: &JNode, span: Span) -> Option<&JNode> {
    if node.span == span && matches!(node.kind, JKind::Object(_)) {
        return Some(node);
    }
    let inside = |n: &&JNode| n.span.start <= span.start && span.end <= n.span.end;
    match &node.kind {
        JKind::Object(ms) => ms
            .iter()
            .map(|m| &m.value)
            .find(inside)
            .and_then(|n| object_at(n, span)),
        JKind::Array(items) => items.iter().find(inside).and_then(|n| object_at(n, span)),
        _ => None,
    }
}

/// The object whose member's value (or an item of it) is `child`.
fn parent_of(node: &JNode, child: Span) -> Option<&JNode> {
    let holds = |v: &JNode| match &v.kind {
        JKind::Array(items) => items.iter().any(|i| i.span == child),
        _ => v.span == child,
    };
    let inside = |n: &&JNode| n.span.start <= child.start && child.end <= n.span.end;
    match &node.kind {
        JKind::Object(ms) if ms.iter().any(|m| holds(&m.value)) => Some(node),
        JKind::Object(ms) => ms
            .iter()
            .map(|m| &m.value)
            .find(inside)
            .and_then(|n| parent_of(n, child)),
        JKind::Array(items) => items.iter().find(inside).and_then(|n| parent_of(n, child)),
        _ => None,
    }
}

fn members(o: &JNode) -> &[json::JMember] {
    match &o.kind {
        JKind::Object(ms) => ms,
        _ => &[],
    }
}

/// The style of an object with members, from its own text.
fn style_of(text: &str, o: &JNode, unit: &str) -> Option<Style> {
    let ms = members(o);
    let (first, last) = (ms.first()?, ms.last()?);
    let open = o.span.start as usize;
    let lead = text.get(open + 1..first.key_span.start as usize)?;
    let trail = text.get(last.value.span.end as usize..(o.span.end as usize).saturating_sub(1))?;
    let colon = text
        .get(first.key_span.end as usize..first.value.span.start as usize)?
        .replace(['\r', '\n'], "");
    let after_newline = |s: &str| s.rsplit('\n').next().unwrap_or("").replace('\r', "");
    let lines = lead.contains('\n');
    let sep = match ms.get(1) {
        Some(second) => text
            .get(first.value.span.end as usize..second.key_span.start as usize)?
            .to_string(),
        None => format!(",{lead}"),
    };
    Some(Style {
        lines,
        indent: if lines {
            after_newline(lead)
        } else {
            lead.to_string()
        },
        close: if lines {
            after_newline(trail)
        } else {
            trail.to_string()
        },
        unit: unit.to_string(),
        colon,
        sep,
    })
}

/// The file's indent unit: the top-level object's member indent (two spaces when it has none).
fn unit_of(text: &str, root: &JNode) -> String {
    style_of(text, root, "")
        .filter(|s| s.lines && !s.indent.is_empty())
        .map_or("  ".to_string(), |s| s.indent)
}

/// Edits adding `pairs` as the last members of the object at `span` (a block's body).
pub fn insert(
    cx: &Cx<'_>,
    file: FileId,
    span: Span,
    pairs: &[(String, JVal)],
) -> Result<Vec<Edit>, String> {
    let root = tree(cx, file)?;
    let o = object_at(&root, span).ok_or("the JSON object was not found")?;
    insert_into(cx.text(file), file, &root, o, pairs)
}

fn insert_into(
    text: &str,
    file: FileId,
    root: &JNode,
    o: &JNode,
    pairs: &[(String, JVal)],
) -> Result<Vec<Edit>, String> {
    if let Some((k, _)) = pairs
        .iter()
        .find(|(k, _)| members(o).iter().any(|m| &m.key == k))
    {
        // A repeated key: which one Terraform uses is not pe-lint's to guess.
        return Err(format!(
            "the JSON object already has a member {}",
            json::quote(k)
        ));
    }
    let unit = unit_of(text, root);
    if let Some(style) = style_of(text, o, &unit) {
        let mut added = String::new();
        for (k, v) in pairs {
            added.push_str(&style.sep());
            added.push_str(&style.member(k, v));
        }
        let at = members(o).last().map_or(0, |m| m.value.span.end as usize);
        return Ok(vec![replace(file, Span::new(at, at), &added)]);
    }
    // An empty object: written as the file writes its others, at its line's indent.
    let base = style_of(text, root, &unit).ok_or("the JSON file has no members to follow")?;
    let open = o.span.start as usize;
    let line_start = text[..open].rfind('\n').map_or(0, |n| n + 1);
    let indent: String = text[line_start..open]
        .chars()
        .take_while(|c| *c == ' ' || *c == '\t')
        .collect();
    let style = Style { indent, ..base };
    let value = JVal::Obj(
        pairs
            .iter()
            .map(|(k, v)| (k.clone(), clone_val(v)))
            .collect(),
    );
    let rendered = match style.lines {
        true => style.value(&value),
        false => style_of(text, root, &unit).map_or(String::new(), |s| s.value(&value)),
    };
    Ok(vec![replace(file, o.span, &rendered)])
}

fn clone_val(v: &JVal) -> JVal {
    match v {
        JVal::Raw(t) => JVal::Raw(t.clone()),
        JVal::Obj(ms) => JVal::Obj(ms.iter().map(|(k, v)| (k.clone(), clone_val(v))).collect()),
    }
}

/// Edits adding resource `rtype.label` with `body` to the `.tf.json` file whose block at
/// `beside` is another resource: into the `"resource"` object that holds that one, under its
/// `"rtype"` object (added when there is none).
pub fn add_resource(
    cx: &Cx<'_>,
    file: FileId,
    beside: Span,
    rtype: &str,
    label: &str,
    body: JVal,
) -> Result<Vec<Edit>, String> {
    let root = tree(cx, file)?;
    let text = cx.text(file);
    let of_type = parent_of(&root, beside).ok_or("the resource's JSON object was not found")?;
    let resources =
        parent_of(&root, of_type.span).ok_or("the JSON \"resource\" object was not found")?;
    let same: Vec<&JNode> = members(resources)
        .iter()
        .filter(|m| m.key == rtype)
        .map(|m| &m.value)
        .collect();
    let pair = vec![(label.to_string(), body)];
    match same.as_slice() {
        [] => insert_into(
            text,
            file,
            &root,
            resources,
            &[(rtype.to_string(), JVal::Obj(pair))],
        ),
        [one] => {
            let target = match &one.kind {
                JKind::Object(_) => one,
                JKind::Array(items) => items.last().ok_or("an empty array of resources")?,
                _ => return Err(format!("the JSON value of \"{rtype}\" is not an object")),
            };
            insert_into(text, file, &root, target, &pair)
        }
        _ => Err(format!(
            "the JSON \"resource\" object names \"{rtype}\" more than once; add the resource by hand"
        )),
    }
}

/// `value` as HCL wrote it for an argument (`true`, a number, or a string literal from
/// `tags::hcl_string`) as JSON text with the same meaning in a `.tf.json` template.
pub fn from_hcl(value: &str) -> JVal {
    let Some(inner) = value.strip_prefix('"').and_then(|v| v.strip_suffix('"')) else {
        return JVal::Raw(value.to_string());
    };
    // hcl_string escapes only `"` and `\`; `$${` and `%%{` mean the same in JSON templates.
    let mut out = String::new();
    let mut chars = inner.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.extend(chars.next()),
            c => out.push(c),
        }
    }
    string(&out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn styled(text: &str) -> Style {
        let root = json::parse(text).unwrap();
        style_of(text, &root, &unit_of(text, &root)).unwrap()
    }

    #[test]
    fn nested_values_follow_the_object_layout() {
        let s = styled("{\n    \"a\": 1,\n    \"b\": 2\n}");
        let v = JVal::Obj(vec![("x".into(), JVal::Raw("true".into()))]);
        assert_eq!(s.member("k", &v), "\"k\": {\n        \"x\": true\n    }");
        let s = styled("{\"a\":1,\"b\":2}");
        assert_eq!(s.member("k", &v), "\"k\":{\"x\":true}");
    }

    #[test]
    fn hcl_strings_become_json_strings_with_the_same_meaning() {
        let JVal::Raw(t) = from_hcl("\"a\\\"b\\\\c $${x}\"") else {
            panic!()
        };
        assert_eq!(t, "\"a\\\"b\\\\c $${x}\"");
        assert!(matches!(from_hcl("90"), JVal::Raw(t) if t == "90"));
    }
}

//! `yamlencode` and `yamldecode` (Terraform's `lang/funcs` via go-cty-yaml): the encoder
//! writes go-yaml's style, the decoder is a bounded YAML 1.2 subset parser.

use super::*;
use crate::calendar::days_in_month;

pub(super) const FUNCS: &[Builtin] = &[
    Builtin::new("yamlencode", 1, 1, |_, a, cx| yaml_encode(&a[0], cx)),
    Builtin::new("yamldecode", 1, 1, |_, a, cx| {
        let s = str_arg(&a[0], "src")?;
        yaml_decode(&s, cx)
    }),
];

// ---- yamlencode, in the style of Terraform (go-yaml): strings double-quoted, multi-line
// strings as literal blocks, sequences inside mappings not indented.

fn yaml_encode(v: &Value, cx: &FnCtx) -> FnResult<Value> {
    encoded_size_guard("yamlencode", v, cx)?;
    if !v.is_wholly_known() {
        return Err(Flow::Unknown);
    }
    let mut e = YamlOut {
        out: String::new(),
        limit: cx.max_string_len,
    };
    match v {
        Value::Null | Value::Bool(_) | Value::Number(_) => {
            e.out.push_str(&yaml_plain(v));
            e.out.push_str("\n...\n");
        }
        _ => {
            e.node(v, 0, Ctx::Top, 0)?;
            if !e.out.ends_with('\n') {
                e.out.push('\n');
            }
        }
    }
    Ok(Value::string(e.out))
}

struct YamlOut {
    out: String,
    limit: usize,
}

#[derive(Clone, Copy, PartialEq)]
enum Ctx {
    Top,
    /// After `key:` — nested collections go on the following lines.
    MapValue,
    /// After `- ` — a nested collection starts on the same line.
    SeqItem,
}

fn yaml_plain(v: &Value) -> String {
    match v {
        Value::Null => "null".into(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) if n.is_infinite() => if *n > 0.0 { ".inf" } else { "-.inf" }.into(),
        Value::Number(n) => format_number(*n),
        _ => String::new(),
    }
}

impl YamlOut {
    fn column(&self) -> usize {
        let start = self.out.rfind('\n').map_or(0, |i| i + 1);
        self.out[start..].chars().count()
    }

    fn check(&self) -> FnResult<()> {
        if self.out.len() > self.limit {
            return invalid(format!(
                "yamlencode result is over the limit of {} bytes",
                self.limit
            ));
        }
        Ok(())
    }

    fn newline_indent(&mut self, indent: usize) {
        if !self.out.is_empty() && !self.out.ends_with('\n') {
            self.out.push('\n');
        }
        self.out.extend(std::iter::repeat_n(' ', indent));
    }

    /// Write a node. `indent` is the column of the enclosing collection's entries.
    fn node(&mut self, v: &Value, indent: usize, ctx: Ctx, depth: usize) -> FnResult<()> {
        if depth > MAX_DEPTH {
            return invalid("yamlencode: value is nested too deeply");
        }
        self.check()?;
        let sep = if ctx == Ctx::Top { "" } else { " " };
        match v {
            Value::List(items) if items.is_empty() => {
                self.out.push_str(sep);
                self.out.push_str("[]");
            }
            Value::Object(m) if m.is_empty() => {
                self.out.push_str(sep);
                self.out.push_str("{}");
            }
            Value::List(items) => {
                // Inside a mapping a sequence is not indented; inside a sequence it continues
                // on the same line.
                let col = match ctx {
                    Ctx::Top => 0,
                    Ctx::MapValue => indent,
                    Ctx::SeqItem => indent + 2,
                };
                for (i, item) in items.iter().enumerate() {
                    if i > 0 || ctx == Ctx::MapValue {
                        self.newline_indent(col);
                    } else if ctx == Ctx::SeqItem {
                        self.out.push(' ');
                    }
                    self.out.push('-');
                    self.node(item, col, Ctx::SeqItem, depth + 1)?;
                }
            }
            Value::Object(m) => {
                let col = match ctx {
                    Ctx::Top => 0,
                    Ctx::MapValue => indent + 2,
                    Ctx::SeqItem => indent + 2,
                };
                for (i, (k, item)) in m.iter().enumerate() {
                    if i > 0 || ctx == Ctx::MapValue {
                        self.newline_indent(col);
                    } else if ctx == Ctx::SeqItem {
                        self.out.push(' ');
                    }
                    if k.contains('\n') || k.len() > 128 {
                        // go-yaml writes such keys as complex keys.
                        self.out.push('?');
                        self.string(k, col + 2, true);
                        self.newline_indent(col);
                        self.out.push(':');
                    } else {
                        self.double_quoted(k, col, false);
                        self.out.push(':');
                    }
                    self.node(item, col, Ctx::MapValue, depth + 1)?;
                }
            }
            Value::String(s) => {
                self.out.push_str(sep);
                let scalar_indent = match ctx {
                    Ctx::Top => 2,
                    _ => indent + 2,
                };
                self.string(s, scalar_indent, true);
            }
            Value::Resource(r) => self.node(&r.attrs, indent, ctx, depth + 1)?,
            other => {
                self.out.push_str(sep);
                self.out.push_str(&yaml_plain(other));
            }
        }
        self.check()
    }

    /// A string value: a literal block when it has line breaks and nothing that prevents one,
    /// double-quoted otherwise.
    fn string(&mut self, s: &str, indent: usize, allow_breaks: bool) {
        if s.contains('\n') && yaml_block_allowed(s) {
            self.literal(s, indent);
        } else {
            if !self.out.is_empty() && !self.out.ends_with([' ', '\n']) {
                self.out.push(' ');
            }
            self.double_quoted(s, indent, allow_breaks);
        }
    }

    fn literal(&mut self, s: &str, indent: usize) {
        if !self.out.is_empty() && !self.out.ends_with([' ', '\n']) {
            self.out.push(' ');
        }
        self.out.push('|');
        if s.starts_with([' ', '\n']) {
            self.out.push('2');
        }
        let chomp = if !s.ends_with('\n') {
            "-"
        } else if s == "\n" || s.ends_with("\n\n") {
            "+"
        } else {
            ""
        };
        self.out.push_str(chomp);
        self.out.push('\n');
        let mut line_start = true;
        for c in s.chars() {
            if c == '\n' {
                self.out.push('\n');
                line_start = true;
            } else {
                if line_start {
                    self.out.extend(std::iter::repeat_n(' ', indent));
                    line_start = false;
                }
                self.out.push(c);
            }
        }
    }

    fn double_quoted(&mut self, s: &str, indent: usize, allow_breaks: bool) {
        if !self.out.is_empty() && !self.out.ends_with([' ', '\n']) {
            self.out.push(' ');
        }
        self.out.push('"');
        let mut column = self.column();
        let chars: Vec<char> = s.chars().collect();
        let mut spaces = false;
        let mut i = 0;
        while i < chars.len() {
            let c = chars[i];
            if !yaml_printable(c) || c == '\u{feff}' || yaml_is_break(c) || c == '"' || c == '\\' {
                let esc = match c {
                    '\0' => "\\0".to_string(),
                    '\u{7}' => "\\a".into(),
                    '\u{8}' => "\\b".into(),
                    '\t' => "\\t".into(),
                    '\n' => "\\n".into(),
                    '\u{b}' => "\\v".into(),
                    '\u{c}' => "\\f".into(),
                    '\r' => "\\r".into(),
                    '\u{1b}' => "\\e".into(),
                    '"' => "\\\"".into(),
                    '\\' => "\\\\".into(),
                    '\u{85}' => "\\N".into(),
                    '\u{a0}' => "\\_".into(),
                    '\u{2028}' => "\\L".into(),
                    '\u{2029}' => "\\P".into(),
                    c if (c as u32) <= 0xff => format!("\\x{:02X}", c as u32),
                    c if (c as u32) <= 0xffff => format!("\\u{:04X}", c as u32),
                    c => format!("\\U{:08X}", c as u32),
                };
                column += esc.len();
                self.out.push_str(&esc);
                spaces = false;
            } else if c == ' ' {
                if allow_breaks && !spaces && column > 80 && i != 0 && i != chars.len() - 1 {
                    self.out.push('\n');
                    self.out.extend(std::iter::repeat_n(' ', indent));
                    column = indent;
                    if chars.get(i + 1) == Some(&' ') {
                        self.out.push('\\');
                        column += 1;
                    }
                } else {
                    self.out.push(' ');
                    column += 1;
                }
                spaces = true;
            } else {
                self.out.push(c);
                column += 1;
                spaces = false;
            }
            i += 1;
        }
        self.out.push('"');
    }
}

/// go-yaml's notion of a printable character (with unicode output enabled).
fn yaml_printable(c: char) -> bool {
    let u = c as u32;
    u == 0x0a
        || (0x20..=0x7e).contains(&u)
        || (0xa0..=0xd7ff).contains(&u)
        || ((0xe000..=0xfffd).contains(&u) && u != 0xfeff)
}

fn yaml_is_break(c: char) -> bool {
    matches!(c, '\r' | '\n' | '\u{85}' | '\u{2028}' | '\u{2029}')
}

/// Whether go-yaml would accept a literal block for this string.
fn yaml_block_allowed(s: &str) -> bool {
    let mut prev: Option<char> = None;
    for c in s.chars() {
        if c == '\n' && prev == Some(' ') {
            return false; // space before a line break
        }
        if c == '\t' || (c != '\n' && yaml_is_break(c)) || !yaml_printable(c) || c == '\u{feff}' {
            return false;
        }
        prev = Some(c);
    }
    // trailing space
    !s.ends_with(' ')
}

// ---- yamldecode: a YAML 1.1 subset as go-yaml/cty read it: block and flow collections,
// plain, quoted and block scalars, comments, anchors and aliases (bounded), merge keys and
// the standard `!!` tags. Complex keys and custom tags are errors, as in Terraform.

fn yaml_decode(src: &str, cx: &FnCtx) -> FnResult<Value> {
    Yaml::new(src, cx.max_collection_len, false).document()
}

/// A CloudFormation YAML template: as `yamldecode`, except that CloudFormation's short-form
/// tags (`!Ref x`, `!Sub s`, `!GetAtt a.b`) read as their long form (`{"Ref": "x"}`,
/// `{"Fn::Sub": "s"}`), so a rule sees an intrinsic function, whose value only the stack knows.
pub fn cloudformation_yaml(src: &str, max_values: usize) -> Result<Value, String> {
    match Yaml::new(src, max_values, true).document() {
        Ok(v) => Ok(v),
        Err(Flow::Err(e)) => Err(e.to_string()),
        Err(Flow::Unknown) => Ok(Value::unknown()),
    }
}

struct Yaml<'a> {
    s: &'a str,
    b: &'a [u8],
    pos: usize,
    /// Anchored values and how many nodes each stands for.
    anchors: BTreeMap<String, (Value, usize)>,
    /// Nodes still allowed, counting every alias expansion.
    budget: usize,
    depth: usize,
    /// CloudFormation's short-form tags are read as intrinsic functions (not errors).
    cfn: bool,
}

impl<'a> Yaml<'a> {
    fn new(src: &'a str, budget: usize, cfn: bool) -> Yaml<'a> {
        Yaml {
            s: src,
            b: src.as_bytes(),
            pos: 0,
            anchors: BTreeMap::new(),
            budget,
            depth: 0,
            cfn,
        }
    }

    /// The text before the current position (never cut inside a character).
    fn before(&self) -> &'a str {
        let mut p = self.pos.min(self.s.len());
        while !self.s.is_char_boundary(p) {
            p -= 1;
        }
        &self.s[..p]
    }

    fn err(&self, msg: &str) -> Flow {
        let before = self.before();
        let line = before.matches('\n').count() + 1;
        let col = before.len() - before.rfind('\n').map_or(0, |i| i + 1) + 1;
        bad(format!("on line {line}, column {col}: {msg}"))
    }

    fn peek(&self) -> Option<u8> {
        self.b.get(self.pos).copied()
    }

    fn at(&self, off: usize) -> Option<u8> {
        self.b.get(self.pos + off).copied()
    }

    fn col(&self) -> usize {
        let start = self.before().rfind('\n').map_or(0, |i| i + 1);
        self.pos.saturating_sub(start)
    }

    fn line_start(&self) -> usize {
        self.before().rfind('\n').map_or(0, |i| i + 1)
    }

    fn is_ws_or_end(&self, off: usize) -> bool {
        matches!(self.at(off), None | Some(b' ' | b'\t' | b'\n' | b'\r'))
    }

    fn spend(&mut self, n: usize) -> FnResult<()> {
        if n > self.budget {
            return Err(self.err("the document expands to too many values"));
        }
        self.budget -= n;
        Ok(())
    }

    /// Skip spaces, comments and line breaks. Returns whether a line break was crossed.
    fn skip_to_content(&mut self) -> FnResult<bool> {
        let mut crossed = false;
        loop {
            match self.peek() {
                Some(b' ' | b'\r') => self.pos += 1,
                Some(b'\t') => {
                    // A tab is fine between tokens but not as indentation of content.
                    let ls = self.line_start();
                    let only_ws_before = self.b[ls..self.pos]
                        .iter()
                        .all(|c| *c == b' ' || *c == b'\t');
                    self.pos += 1;
                    if only_ws_before && crossed {
                        let rest = &self.b[self.pos..];
                        let next = rest.iter().find(|c| **c != b' ' && **c != b'\t');
                        if !matches!(next, None | Some(b'\n' | b'\r' | b'#')) {
                            return Err(self.err("found a tab character that violates indentation"));
                        }
                    }
                }
                Some(b'#') => {
                    while !matches!(self.peek(), None | Some(b'\n')) {
                        self.pos += 1;
                    }
                }
                Some(b'\n') => {
                    self.pos += 1;
                    crossed = true;
                }
                _ => return Ok(crossed),
            }
        }
    }

    fn skip_inline_space(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t')) {
            self.pos += 1;
        }
    }

    fn at_doc_marker(&self) -> bool {
        self.col() == 0
            && (self.b[self.pos..].starts_with(b"---") || self.b[self.pos..].starts_with(b"..."))
            && self.is_ws_or_end(3)
    }

    fn document(&mut self) -> FnResult<Value> {
        if self.s.starts_with('\u{feff}') {
            self.pos = 3;
        }
        let mut marker = false;
        loop {
            self.skip_to_content()?;
            if self.col() == 0 && self.peek() == Some(b'%') {
                while !matches!(self.peek(), None | Some(b'\n')) {
                    self.pos += 1;
                }
                continue;
            }
            break;
        }
        if self.at_doc_marker() && self.b[self.pos] == b'-' {
            self.pos += 3;
            marker = true;
        }
        self.skip_to_content()?;
        if self.peek().is_none() && !marker {
            return Err(self.err("missing start of document"));
        }
        let v = self.block_node(-1, true, false)?;
        self.skip_to_content()?;
        if self.at_doc_marker() && self.b[self.pos] == b'.' {
            self.pos += 3;
            self.skip_to_content()?;
        }
        if self.peek().is_some() {
            return Err(self.err("unexpected extra content after value"));
        }
        Ok(v)
    }

    /// A node in block context. `parent` is the indentation of the enclosing collection;
    /// `same_line_ok` allows a collection to start on the current line (after `- `);
    /// `seq_ok` allows a sequence at the parent's own indentation (after `key:`).
    fn block_node(&mut self, parent: i64, same_line_ok: bool, seq_ok: bool) -> FnResult<Value> {
        self.depth += 1;
        if self.depth > 200 {
            return Err(self.err("the document is nested too deeply"));
        }
        let r = self.block_node_inner(parent, same_line_ok, seq_ok);
        self.depth -= 1;
        r
    }

    fn block_node_inner(
        &mut self,
        parent: i64,
        mut same_line_ok: bool,
        seq_ok: bool,
    ) -> FnResult<Value> {
        let mut anchor: Option<String> = None;
        let mut tag: Option<String> = None;
        let start_budget = self.budget;
        let v = loop {
            let crossed = self.skip_to_content()?;
            if crossed {
                same_line_ok = true;
            }
            let Some(c) = self.peek() else {
                break Value::Null;
            };
            let col = self.col() as i64;
            let is_seq_entry = c == b'-' && self.is_ws_or_end(1) && !self.at_doc_marker();
            if self.at_doc_marker()
                || (crossed && col <= parent && !(seq_ok && col == parent && is_seq_entry))
            {
                break Value::Null;
            }
            match c {
                b'&' | b'!' => {
                    let start = self.pos;
                    while !self.is_ws_or_end(0) {
                        self.pos += 1;
                    }
                    let text = self.s[start..self.pos].to_string();
                    if c == b'&' {
                        anchor = Some(text[1..].to_string());
                    } else {
                        tag = Some(text);
                    }
                    continue;
                }
                b'*' => {
                    let v = self.alias()?;
                    self.check_not_key()?;
                    break v;
                }
                b'-' if is_seq_entry => {
                    if !same_line_ok {
                        return Err(
                            self.err("block sequence entries are not allowed in this context")
                        );
                    }
                    break self.block_sequence(self.col())?;
                }
                b'?' if self.is_ws_or_end(1) => {
                    return Err(self.err("only strings are allowed as mapping keys"));
                }
                b'|' | b'>' => break self.block_scalar(parent)?,
                b'[' | b'{' => {
                    let v = self.flow_node()?;
                    self.check_not_key()?;
                    break v;
                }
                _ => break self.block_key_or_scalar(c, parent, same_line_ok, tag.as_deref())?,
            }
        };
        let v = self.apply_tag(v, tag.as_deref())?;
        self.spend(1)?;
        if let Some(a) = anchor {
            let used = start_budget - self.budget;
            self.anchors.insert(a, (v.clone(), used.max(1)));
        }
        Ok(v)
    }

    /// A block node starting with a scalar: a mapping when the scalar is its first key, else
    /// the scalar.
    fn block_key_or_scalar(
        &mut self,
        c: u8,
        parent: i64,
        same_line_ok: bool,
        tag: Option<&str>,
    ) -> FnResult<Value> {
        if self.looks_like_key() {
            if !same_line_ok {
                return Err(self.err("mapping values are not allowed in this context"));
            }
            return self.block_mapping(self.col());
        }
        match c {
            b'"' => self.double_quoted(),
            b'\'' => self.single_quoted(),
            _ => {
                let text = self.plain(parent, false)?;
                self.resolve_plain(&text, tag)
            }
        }
    }

    fn apply_tag(&self, v: Value, tag: Option<&str>) -> FnResult<Value> {
        match tag {
            None => Ok(v),
            Some("!!str") => Ok(match v {
                Value::Number(n) => Value::string(format_number(n)),
                Value::Bool(b) => Value::string(b.to_string()),
                other => other,
            }),
            Some(
                "!!int" | "!!float" | "!!bool" | "!!null" | "!!map" | "!!seq" | "!!timestamp"
                | "!!binary" | "!!merge" | "!",
            ) => Ok(v),
            Some(t) if self.cfn && t.len() > 1 && !t.starts_with("!!") => {
                let name = match &t[1..] {
                    n @ ("Ref" | "Condition") => n.to_string(),
                    n => format!("Fn::{n}"),
                };
                Ok(Value::object([(name, v)].into_iter().collect()))
            }
            Some(t) => Err(self.err(&format!("unsupported tag {t:?}"))),
        }
    }

    fn alias(&mut self) -> FnResult<Value> {
        self.pos += 1;
        let start = self.pos;
        while !self.is_ws_or_end(0) && !matches!(self.peek(), Some(b',' | b']' | b'}')) {
            self.pos += 1;
        }
        let name = &self.s[start..self.pos];
        let Some((v, n)) = self.anchors.get(name).cloned() else {
            return Err(self.err(&format!("unknown anchor {name:?} referenced")));
        };
        self.spend(n)?;
        Ok(v)
    }

    /// After a flow collection or alias in block context: `: ` would make it a key.
    fn check_not_key(&mut self) -> FnResult<()> {
        let save = self.pos;
        self.skip_inline_space();
        if self.peek() == Some(b':') && self.is_ws_or_end(1) {
            return Err(self.err("only strings are allowed as mapping keys"));
        }
        self.pos = save;
        Ok(())
    }

    /// Whether the current line holds `key:` (quoted or plain key) at the current position.
    fn looks_like_key(&self) -> bool {
        let rest = &self.b[self.pos..];
        let mut i = 0;
        match rest.first() {
            Some(q @ (b'"' | b'\'')) => {
                i = 1;
                while i < rest.len() {
                    let c = rest[i];
                    if c == b'\n' {
                        return false;
                    }
                    if *q == b'"' && c == b'\\' {
                        i += 2;
                        continue;
                    }
                    if c == *q {
                        if *q == b'\'' && rest.get(i + 1) == Some(&b'\'') {
                            i += 2;
                            continue;
                        }
                        i += 1;
                        break;
                    }
                    i += 1;
                }
                while matches!(rest.get(i), Some(b' ' | b'\t')) {
                    i += 1;
                }
                rest.get(i) == Some(&b':')
                    && matches!(rest.get(i + 1), None | Some(b' ' | b'\t' | b'\n' | b'\r'))
            }
            _ => {
                while i < rest.len() {
                    match rest[i] {
                        b'\n' => return false,
                        b'#' if i > 0 && matches!(rest[i - 1], b' ' | b'\t') => return false,
                        b':' if matches!(
                            rest.get(i + 1),
                            None | Some(b' ' | b'\t' | b'\n' | b'\r')
                        ) =>
                        {
                            return true
                        }
                        _ => i += 1,
                    }
                }
                false
            }
        }
    }

    fn block_mapping(&mut self, col: usize) -> FnResult<Value> {
        let mut map = Map::new();
        let mut merges: Vec<Value> = Vec::new();
        loop {
            // key
            let (key, plain_key) = match self.peek() {
                Some(b'"') => (self.double_quoted_str()?, false),
                Some(b'\'') => (self.single_quoted_str()?, false),
                _ => {
                    let start = self.pos;
                    while !(self.peek() == Some(b':') && self.is_ws_or_end(1)) {
                        if matches!(self.peek(), None | Some(b'\n')) {
                            return Err(self.err("could not find expected ':'"));
                        }
                        self.pos += 1;
                    }
                    (self.s[start..self.pos].trim_end().to_string(), true)
                }
            };
            self.skip_inline_space();
            if self.peek() != Some(b':') {
                return Err(self.err("could not find expected ':'"));
            }
            self.pos += 1;
            let key = if plain_key && key != "<<" {
                self.plain_key(&key)?
            } else {
                key
            };
            let value = self.block_node(col as i64, false, true)?;
            if plain_key && key == "<<" {
                merges.push(value);
            } else {
                self.spend(1)?;
                map.insert(key, value);
            }
            // next entry
            self.skip_to_content()?;
            if self.peek().is_none() || self.at_doc_marker() {
                break;
            }
            let c = self.col();
            if c < col {
                break;
            }
            if c > col {
                return Err(self.err("bad indentation of a mapping entry"));
            }
            if self.peek() == Some(b'-') && self.is_ws_or_end(1) {
                return Err(self.err("did not find expected key"));
            }
            if !self.looks_like_key() {
                return Err(self.err("could not find expected ':'"));
            }
        }
        for m in merges {
            let sources = match m {
                Value::List(items) => items.to_vec(),
                other => vec![other],
            };
            for src in sources {
                let Value::Object(o) = src else {
                    return Err(self.err("map merge requires map or sequence of maps as the value"));
                };
                for (k, v) in o.iter() {
                    map.entry(k.clone()).or_insert_with(|| v.clone());
                }
            }
        }
        Ok(Value::object(map))
    }

    fn block_sequence(&mut self, col: usize) -> FnResult<Value> {
        let mut items = Vec::new();
        loop {
            self.pos += 1; // the '-'
            items.push(self.block_node(col as i64, true, false)?);
            self.skip_to_content()?;
            if self.peek().is_none() || self.at_doc_marker() {
                break;
            }
            let c = self.col();
            if c < col {
                break;
            }
            if c > col {
                return Err(self.err("bad indentation of a sequence entry"));
            }
            if !(self.peek() == Some(b'-') && self.is_ws_or_end(1)) {
                break;
            }
        }
        Ok(Value::list(items))
    }

    /// A plain scalar, possibly over several lines (folded with spaces).
    fn plain(&mut self, parent: i64, flow: bool) -> FnResult<String> {
        let mut out = String::new();
        loop {
            let start = self.pos;
            loop {
                match self.peek() {
                    None | Some(b'\n') => break,
                    Some(b'#')
                        if self.pos > start && matches!(self.b[self.pos - 1], b' ' | b'\t') =>
                    {
                        break
                    }
                    Some(b':')
                        if self.is_ws_or_end(1)
                            || (flow
                                && matches!(
                                    self.at(1),
                                    Some(b',' | b'[' | b']' | b'{' | b'}')
                                )) =>
                    {
                        break
                    }
                    Some(b',' | b'[' | b']' | b'{' | b'}') if flow => break,
                    _ => self.pos += 1,
                }
            }
            out.push_str(self.s[start..self.pos].trim_end_matches([' ', '\t', '\r']));
            if self.peek() != Some(b'\n') {
                break;
            }
            let save = self.pos;
            let Some((p, empty_lines)) = self.plain_continuation(parent, flow) else {
                break;
            };
            self.pos = p;
            if !flow && self.looks_like_key() {
                self.pos = save;
                break;
            }
            if flow && matches!(self.peek(), Some(b',' | b']' | b'}')) {
                break;
            }
            if empty_lines == 0 {
                out.push(' ');
            } else {
                out.extend(std::iter::repeat_n('\n', empty_lines));
            }
        }
        Ok(out)
    }

    /// Where a plain scalar continues after the line break at the position: the start of the
    /// next line with content, and how many empty lines come before it; `None` when the scalar
    /// ends there (a comment, the end, a line not indented past `parent`, a document marker).
    fn plain_continuation(&self, parent: i64, flow: bool) -> Option<(usize, usize)> {
        let mut empty_lines = 0;
        let mut p = self.pos;
        loop {
            if self.b.get(p) != Some(&b'\n') {
                return None;
            }
            p += 1;
            let line_start = p;
            while matches!(self.b.get(p), Some(b' ' | b'\t')) {
                p += 1;
            }
            if self.b.get(p) == Some(&b'\r') && self.b.get(p + 1) == Some(&b'\n') {
                p += 1;
            }
            match self.b.get(p) {
                Some(b'\n') => {
                    empty_lines += 1;
                    continue;
                }
                None | Some(b'#') => return None,
                Some(_) => {
                    let indent = (p - line_start) as i64;
                    let rest = &self.b[p..];
                    let marker =
                        indent == 0 && (rest.starts_with(b"---") || rest.starts_with(b"..."));
                    if (!flow && indent <= parent) || marker {
                        return None;
                    }
                    return Some((p, empty_lines));
                }
            }
        }
    }

    /// A plain mapping key is resolved like any scalar, then used as a string (`yes` becomes
    /// `"true"`, as in Terraform).
    fn plain_key(&self, text: &str) -> FnResult<String> {
        match self.resolve_plain(text, None)? {
            Value::Null => Err(self.err("mapping key cannot be null")),
            Value::Bool(b) => Ok(b.to_string()),
            Value::Number(n) => Ok(format_number(n)),
            Value::String(s) => Ok(s.to_string()),
            _ => Ok(text.to_string()),
        }
    }

    fn resolve_plain(&self, text: &str, tag: Option<&str>) -> FnResult<Value> {
        if tag == Some("!!str") {
            return Ok(Value::string(text));
        }
        Ok(match text {
            "" | "~" | "null" | "Null" | "NULL" => Value::Null,
            "y" | "Y" | "yes" | "Yes" | "YES" | "on" | "On" | "ON" | "true" | "True" | "TRUE" => {
                Value::Bool(true)
            }
            "n" | "N" | "no" | "No" | "NO" | "off" | "Off" | "OFF" | "false" | "False"
            | "FALSE" => Value::Bool(false),
            ".inf" | ".Inf" | ".INF" | "+.inf" | "+.Inf" | "+.INF" => Value::Number(f64::INFINITY),
            "-.inf" | "-.Inf" | "-.INF" => Value::Number(f64::NEG_INFINITY),
            ".nan" | ".NaN" | ".NAN" => {
                return invalid("floating point NaN is not supported");
            }
            _ => {
                if let Some(h) = text.strip_prefix("0x") {
                    if !h.is_empty() && h.bytes().all(|b| b.is_ascii_hexdigit()) {
                        return Ok(Value::Number(radix_f64(h, 16)));
                    }
                }
                if let Some(o) = text.strip_prefix("0o") {
                    if !o.is_empty() && o.bytes().all(|b| (b'0'..=b'7').contains(&b)) {
                        return Ok(Value::Number(radix_f64(o, 8)));
                    }
                }
                if is_yaml_decimal(text) {
                    if let Ok(n) = text.parse::<f64>() {
                        return Ok(Value::Number(n));
                    }
                }
                if let Some(ts) = yaml_timestamp(text) {
                    return Ok(Value::string(ts));
                }
                Value::string(text)
            }
        })
    }

    fn double_quoted(&mut self) -> FnResult<Value> {
        Ok(Value::string(self.double_quoted_str()?))
    }

    fn single_quoted(&mut self) -> FnResult<Value> {
        Ok(Value::string(self.single_quoted_str()?))
    }

    /// Fold a line break inside a quoted scalar: trailing blanks dropped, the next line's
    /// leading blanks skipped, one break becomes a space, more become newlines.
    fn fold_quoted_break(&mut self, out: &mut String) {
        while out.ends_with([' ', '\t']) {
            out.pop();
        }
        let mut breaks = 0;
        while self.peek() == Some(b'\n') {
            self.pos += 1;
            breaks += 1;
            while matches!(self.peek(), Some(b' ' | b'\t' | b'\r')) {
                self.pos += 1;
            }
        }
        if breaks == 1 {
            out.push(' ');
        } else {
            out.extend(std::iter::repeat_n('\n', breaks - 1));
        }
    }

    fn double_quoted_str(&mut self) -> FnResult<String> {
        self.pos += 1;
        let mut out = String::new();
        loop {
            let Some(c) = self.peek() else {
                return Err(
                    self.err("found unexpected end of stream while scanning a quoted scalar")
                );
            };
            match c {
                b'"' => {
                    self.pos += 1;
                    return Ok(out);
                }
                b'\n' => self.fold_quoted_break(&mut out),
                b'\r' => self.pos += 1,
                b'\\' => self.quoted_escape(&mut out)?,
                _ => {
                    let start = self.pos;
                    while !matches!(self.peek(), None | Some(b'"' | b'\\' | b'\n' | b'\r')) {
                        self.pos += 1;
                    }
                    out.push_str(&self.s[start..self.pos]);
                }
            }
        }
    }

    /// One escape in a double-quoted scalar, at its backslash: the character it stands for
    /// added to `out`, or an escaped line break (joined without a space) skipped.
    fn quoted_escape(&mut self, out: &mut String) -> FnResult<()> {
        let Some(e) = self.at(1) else {
            return Err(self.err("found unexpected end of stream while scanning a quoted scalar"));
        };
        self.pos += 2;
        if let Some(ch) = simple_escape(e) {
            out.push(ch);
            return Ok(());
        }
        let len = match e {
            b'x' => 2,
            b'u' => 4,
            b'U' => 8,
            b'\n' | b'\r' => {
                if e == b'\r' && self.peek() == Some(b'\n') {
                    self.pos += 1;
                }
                while matches!(self.peek(), Some(b' ' | b'\t')) {
                    self.pos += 1;
                }
                return Ok(());
            }
            _ => {
                return Err(self.err("found unknown escape character while parsing a quoted scalar"))
            }
        };
        let hex = self.s.get(self.pos..self.pos + len).unwrap_or("");
        let ch = u32::from_str_radix(hex, 16)
            .ok()
            .filter(|_| hex.len() == len)
            .and_then(char::from_u32)
            .ok_or_else(|| {
                self.err("found invalid escape sequence while parsing a quoted scalar")
            })?;
        self.pos += len;
        out.push(ch);
        Ok(())
    }

    fn single_quoted_str(&mut self) -> FnResult<String> {
        self.pos += 1;
        let mut out = String::new();
        loop {
            let Some(c) = self.peek() else {
                return Err(
                    self.err("found unexpected end of stream while scanning a quoted scalar")
                );
            };
            match c {
                b'\'' if self.at(1) == Some(b'\'') => {
                    out.push('\'');
                    self.pos += 2;
                }
                b'\'' => {
                    self.pos += 1;
                    return Ok(out);
                }
                b'\n' => self.fold_quoted_break(&mut out),
                b'\r' => self.pos += 1,
                _ => {
                    let start = self.pos;
                    while !matches!(self.peek(), None | Some(b'\'' | b'\n' | b'\r')) {
                        self.pos += 1;
                    }
                    out.push_str(&self.s[start..self.pos]);
                }
            }
        }
    }

    /// `|` and `>` block scalars with chomping and indentation indicators.
    fn block_scalar(&mut self, parent: i64) -> FnResult<Value> {
        let folded = self.peek() == Some(b'>');
        self.pos += 1;
        let (chomp, explicit) = self.block_scalar_indicators();
        self.skip_inline_space();
        if self.peek() == Some(b'#') {
            while !matches!(self.peek(), None | Some(b'\n')) {
                self.pos += 1;
            }
        }
        if self.peek() == Some(b'\r') {
            self.pos += 1;
        }
        match self.peek() {
            None => return Ok(Value::string("")),
            Some(b'\n') => self.pos += 1,
            Some(_) => return Err(self.err("did not find expected comment or line break")),
        }
        let (lines, indent) = self.block_scalar_lines(parent, explicit);
        let text_of = |l: &str| -> String { l.get(indent..).unwrap_or("").to_string() };
        let mut content: Vec<String> = lines.iter().map(|l| text_of(l)).collect();
        let mut trailing = 0;
        while content.last().is_some_and(|l| l.is_empty()) {
            content.pop();
            trailing += 1;
        }
        let mut out = if folded {
            fold_block_lines(&content)
        } else {
            content.join("\n")
        };
        let has_content = !content.is_empty();
        match chomp {
            b'-' => {}
            b'+' => {
                if has_content {
                    out.push('\n');
                }
                out.extend(std::iter::repeat_n('\n', trailing));
            }
            _ => {
                if has_content {
                    out.push('\n');
                }
            }
        }
        Ok(Value::string(out))
    }

    /// The chomping (`+`, `-`; `b' '` when absent) and indentation (`1`-`9`) indicators after
    /// `|` or `>`, in either order.
    fn block_scalar_indicators(&mut self) -> (u8, Option<usize>) {
        let mut chomp = b' ';
        let mut explicit: Option<usize> = None;
        for _ in 0..2 {
            match self.peek() {
                Some(c @ (b'+' | b'-')) => {
                    chomp = c;
                    self.pos += 1;
                }
                Some(c @ b'1'..=b'9') => {
                    explicit = Some((c - b'0') as usize);
                    self.pos += 1;
                }
                _ => {}
            }
        }
        (chomp, explicit)
    }

    /// The raw lines of a block scalar and their indentation: the indicator's, else that of
    /// the first line with content.
    fn block_scalar_lines(
        &mut self,
        parent: i64,
        explicit: Option<usize>,
    ) -> (Vec<&'a str>, usize) {
        let base = parent.max(0) as usize;
        let mut lines: Vec<&'a str> = Vec::new();
        let mut indent = explicit.map(|e| base + e);
        let mut p = self.pos;
        let mut end = self.pos;
        while p < self.b.len() {
            let line_end = self.s[p..].find('\n').map_or(self.b.len(), |i| p + i);
            let line = self.s[p..line_end].trim_end_matches('\r');
            let spaces = line.bytes().take_while(|b| *b == b' ').count();
            let blank = line.trim_start_matches(' ').is_empty();
            if !blank {
                let want = match indent {
                    Some(i) => i,
                    None => {
                        let min = if parent < 0 { 0 } else { parent as usize + 1 };
                        if spaces < min {
                            break;
                        }
                        indent = Some(spaces);
                        spaces
                    }
                };
                if spaces < want
                    || (spaces == 0 && (line.starts_with("---") || line.starts_with("...")))
                {
                    break;
                }
            }
            lines.push(line);
            end = line_end;
            p = line_end + 1;
        }
        // Trailing blank lines belong to the scalar only as chomped breaks; the position
        // goes back to the end of the last line taken.
        self.pos = end.min(self.b.len());
        (lines, indent.unwrap_or(0))
    }

    fn flow_node(&mut self) -> FnResult<Value> {
        self.depth += 1;
        if self.depth > 200 {
            return Err(self.err("the document is nested too deeply"));
        }
        let r = self.flow_node_inner();
        self.depth -= 1;
        let v = r?;
        self.spend(1)?;
        Ok(v)
    }

    fn flow_node_inner(&mut self) -> FnResult<Value> {
        self.skip_to_content()?;
        let mut anchor = None;
        let mut tag = None;
        let start_budget = self.budget;
        while let Some(c @ (b'&' | b'!')) = self.peek() {
            let start = self.pos;
            while !self.is_ws_or_end(0) && !matches!(self.peek(), Some(b',' | b']' | b'}')) {
                self.pos += 1;
            }
            let text = self.s[start..self.pos].to_string();
            if c == b'&' {
                anchor = Some(text[1..].to_string());
            } else {
                tag = Some(text);
            }
            self.skip_to_content()?;
        }
        let v = match self.peek() {
            None => return Err(self.err("did not find expected node content")),
            Some(b'[') => self.flow_sequence()?,
            Some(b'{') => self.flow_mapping()?,
            Some(b'"') => self.double_quoted()?,
            Some(b'\'') => self.single_quoted()?,
            Some(b'*') => self.alias()?,
            Some(_) => {
                let text = self.plain(0, true)?;
                self.resolve_plain(&text, tag.as_deref())?
            }
        };
        let v = self.apply_tag(v, tag.as_deref())?;
        if let Some(a) = anchor {
            let used = start_budget - self.budget;
            self.anchors.insert(a, (v.clone(), used.max(1)));
        }
        Ok(v)
    }

    /// `[a, b, k: v]`: an entry `k: v` is a mapping of that one pair.
    fn flow_sequence(&mut self) -> FnResult<Value> {
        self.pos += 1;
        let mut items = Vec::new();
        while !self.flow_closed(b']')? {
            let item = self.flow_node()?;
            self.skip_to_content()?;
            let item = if self.peek() == Some(b':') {
                self.pos += 1;
                let key = match item {
                    Value::String(s) => s.to_string(),
                    Value::Number(n) => format_number(n),
                    Value::Bool(b) => b.to_string(),
                    _ => return Err(self.err("only strings are allowed as mapping keys")),
                };
                let val = self.flow_value()?;
                let mut m = Map::new();
                m.insert(key, val);
                Value::object(m)
            } else {
                item
            };
            items.push(item);
            self.flow_separator(b']')?;
        }
        Ok(Value::list(items))
    }

    /// `{k: v, k2}`: a key without a value maps to null.
    fn flow_mapping(&mut self) -> FnResult<Value> {
        self.pos += 1;
        let mut map = Map::new();
        while !self.flow_closed(b'}')? {
            let key = match self.peek() {
                Some(b'"') => self.double_quoted_str()?,
                Some(b'\'') => self.single_quoted_str()?,
                Some(b'[' | b'{') => {
                    return Err(self.err("only strings are allowed as mapping keys"))
                }
                _ => {
                    let k = self.plain(0, true)?;
                    self.plain_key(&k)?
                }
            };
            self.skip_to_content()?;
            let val = if self.peek() == Some(b':') {
                self.pos += 1;
                self.flow_value()?
            } else {
                Value::Null
            };
            map.insert(key, val);
            self.flow_separator(b'}')?;
        }
        Ok(Value::object(map))
    }

    /// Whether a flow collection ends here, at its `close` (taken); else an entry follows.
    fn flow_closed(&mut self, close: u8) -> FnResult<bool> {
        self.skip_to_content()?;
        match self.peek() {
            Some(c) if c == close => {
                self.pos += 1;
                Ok(true)
            }
            None => Err(self.flow_unclosed(close)),
            _ => Ok(false),
        }
    }

    /// After an entry of a flow collection: a `,` (taken), or its `close` (left for
    /// `flow_closed`).
    fn flow_separator(&mut self, close: u8) -> FnResult<()> {
        self.skip_to_content()?;
        match self.peek() {
            Some(b',') => {
                self.pos += 1;
                Ok(())
            }
            Some(c) if c == close => Ok(()),
            _ => Err(self.flow_unclosed(close)),
        }
    }

    fn flow_unclosed(&self, close: u8) -> Flow {
        self.err(&format!(
            "did not find expected ',' or '{}'",
            char::from(close)
        ))
    }

    /// The value after `:` in a flow collection (empty means null).
    fn flow_value(&mut self) -> FnResult<Value> {
        self.skip_to_content()?;
        if matches!(self.peek(), Some(b',' | b']' | b'}')) {
            return Ok(Value::Null);
        }
        self.flow_node()
    }
}

fn radix_f64(digits: &str, radix: u32) -> f64 {
    digits.chars().fold(0.0, |n, c| {
        n * radix as f64 + c.to_digit(radix).unwrap_or(0) as f64
    })
}

/// `[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?`
fn is_yaml_decimal(s: &str) -> bool {
    let b = s.as_bytes();
    let mut i = usize::from(matches!(b.first(), Some(b'+' | b'-')));
    let int_start = i;
    while i < b.len() && b[i].is_ascii_digit() {
        i += 1;
    }
    let int_digits = i - int_start;
    let mut frac_digits = 0;
    if b.get(i) == Some(&b'.') {
        i += 1;
        let f = i;
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
        frac_digits = i - f;
    }
    if int_digits == 0 && frac_digits == 0 {
        return false;
    }
    if matches!(b.get(i), Some(b'e' | b'E')) {
        i += 1;
        if matches!(b.get(i), Some(b'+' | b'-')) {
            i += 1;
        }
        let e = i;
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
        if i == e {
            return false;
        }
    }
    i == b.len()
}

/// YAML timestamps become RFC 3339 strings, as in Terraform.
fn yaml_timestamp(s: &str) -> Option<String> {
    let b = s.as_bytes();
    let digits = |r: std::ops::Range<usize>| -> Option<i64> {
        let t = s.get(r)?;
        if t.bytes().all(|c| c.is_ascii_digit()) && !t.is_empty() {
            t.parse().ok()
        } else {
            None
        }
    };
    if b.len() < 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let (y, mo, d) = (digits(0..4)?, digits(5..7)?, digits(8..10)?);
    if !(1..=12).contains(&mo) || d < 1 || d > days_in_month(y, mo) {
        return None;
    }
    if b.len() == 10 {
        return Some(format!("{y:04}-{mo:02}-{d:02}T00:00:00Z"));
    }
    let rest = &s[10..];
    let rest = rest
        .strip_prefix(['T', 't'])
        .or_else(|| Some(rest.trim_start_matches([' ', '\t'])).filter(|r| r.len() < rest.len()))?;
    let (h, rest) = rest.split_once(':')?;
    if h.is_empty() || h.len() > 2 || !h.bytes().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let h: i64 = h.parse().ok()?;
    let mi: i64 = rest.get(0..2)?.parse().ok()?;
    if rest.get(2..3)? != ":" {
        return None;
    }
    let sec: i64 = rest.get(3..5)?.parse().ok()?;
    let mut rest = &rest[5..];
    if let Some(frac) = rest.strip_prefix('.') {
        let n = frac.bytes().take_while(u8::is_ascii_digit).count();
        rest = &frac[n..];
    }
    let rest = rest.trim_start_matches([' ', '\t']);
    let zone = match rest {
        "" | "Z" | "z" => "Z".to_string(),
        z if z.starts_with(['+', '-']) => {
            let (hh, mm) = match z[1..].split_once(':') {
                Some((a, b)) => (a.to_string(), b.to_string()),
                None => (z[1..].to_string(), "00".to_string()),
            };
            let hh: i64 = hh.parse().ok()?;
            let mm: i64 = mm.parse().ok()?;
            if hh == 0 && mm == 0 {
                "Z".to_string()
            } else {
                format!("{}{hh:02}:{mm:02}", &z[..1])
            }
        }
        _ => return None,
    };
    if h > 23 || mi > 59 || sec > 60 {
        return None;
    }
    Some(format!(
        "{y:04}-{mo:02}-{d:02}T{h:02}:{mi:02}:{sec:02}{zone}"
    ))
}

/// The character a one-letter escape of a double-quoted scalar stands for (`\n`, `\t`, ...).
fn simple_escape(e: u8) -> Option<char> {
    Some(match e {
        b'0' => '\0',
        b'a' => '\u{7}',
        b'b' => '\u{8}',
        b't' | b'\t' => '\t',
        b'n' => '\n',
        b'v' => '\u{b}',
        b'f' => '\u{c}',
        b'r' => '\r',
        b'e' => '\u{1b}',
        b' ' => ' ',
        b'"' => '"',
        b'/' => '/',
        b'\\' => '\\',
        b'N' => '\u{85}',
        b'_' => '\u{a0}',
        b'L' => '\u{2028}',
        b'P' => '\u{2029}',
        _ => return None,
    })
}

/// The lines of a folded (`>`) block scalar joined: a break between two lines becomes a space,
/// blank lines become breaks, and lines indented more than the rest keep their breaks.
fn fold_block_lines(content: &[String]) -> String {
    let mut out = String::new();
    let mut prev_more: Option<bool> = None;
    let mut pending = 0;
    for l in content {
        if l.is_empty() {
            pending += 1;
            continue;
        }
        let more = l.starts_with([' ', '\t']);
        match prev_more {
            None => out.extend(std::iter::repeat_n('\n', pending)),
            Some(false) if !more => {
                if pending == 0 {
                    out.push(' ')
                } else {
                    out.extend(std::iter::repeat_n('\n', pending))
                }
            }
            _ => out.extend(std::iter::repeat_n('\n', pending + 1)),
        }
        out.push_str(l);
        prev_more = Some(more);
        pending = 0;
    }
    out
}

#[cfg(test)]
#[allow(clippy::cloned_ref_to_slice_refs, clippy::approx_constant)]
mod tests {
    use super::*;
    use crate::terraform::functions::test_support::*;

    #[test]
    fn yamlencode_matches_terraform_style() {
        let v = obj(&[
            ("a", s("b")),
            (
                "c",
                l(vec![
                    n(1.0),
                    n(2.0),
                    obj(&[("d", b(true)), ("e", Value::Null), ("f", nums(&[3.0]))]),
                ]),
            ),
            ("x y", s("multi\nline")),
            ("v", l(vec![nums(&[1.0, 2.0]), l(vec![])])),
            ("w", obj(&[("q", s("a\n\nb\n"))])),
            ("z", l(vec![s("x\ny")])),
        ]);
        let want = "\"a\": \"b\"\n\"c\":\n- 1\n- 2\n- \"d\": true\n  \"e\": null\n  \"f\":\n  - 3\n\"v\":\n- - 1\n  - 2\n- []\n\"w\":\n  \"q\": |\n    a\n\n    b\n\"x y\": |-\n  multi\n  line\n\"z\":\n- |-\n  x\n  y\n";
        assert_eq!(ok("yamlencode", &[v]), s(want));
        let cases: &[(Value, &str)] = &[
            (s("x"), "\"x\"\n"),
            (l(vec![]), "[]\n"),
            (Value::Null, "null\n...\n"),
            (b(true), "true\n...\n"),
            (n(1.5), "1.5\n...\n"),
            (l(vec![s("a"), strs(&["b"]), obj(&[("z", n(1.0))])]), "- \"a\"\n- - \"b\"\n- \"z\": 1\n"),
            (obj(&[("a", obj(&[("b", obj(&[("c", n(1.0))]))]))]), "\"a\":\n  \"b\":\n    \"c\": 1\n"),
            (s("multi\nline\n"), "|\n  multi\n  line\n"),
            (s("  lead\nx"), "|2-\n    lead\n  x\n"),
            (s("x \ny"), "\"x \\ny\"\n"),
            (s("x\n\n"), "|+\n  x\n\n"),
            (s("\nx"), "|2-\n\n  x\n"),
            (s("a\tb\nc"), "\"a\\tb\\nc\"\n"),
            (s("😀"), "\"\\U0001F600\"\n"),
            (s("a\u{1}"), "\"a\\x01\"\n"),
            (s("\u{2028}"), "\"\\L\"\n"),
            (s("é"), "\"é\"\n"),
            (
                s("aaaa bbbb cccc dddd eeee ffff gggg hhhh iiii jjjj kkkk llll mmmm nnnn oooo pppp qqqq rrrr ssss"),
                "\"aaaa bbbb cccc dddd eeee ffff gggg hhhh iiii jjjj kkkk llll mmmm nnnn oooo pppp qqqq\n  rrrr ssss\"\n",
            ),
            (
                obj(&[("k", s("aaaa bbbb cccc dddd eeee ffff gggg hhhh iiii jjjj kkkk llll mmmm nnnn oooo pppp qqqq rrrr ssss"))]),
                "\"k\": \"aaaa bbbb cccc dddd eeee ffff gggg hhhh iiii jjjj kkkk llll mmmm nnnn oooo pppp\n  qqqq rrrr ssss\"\n",
            ),
            (obj(&[("a\nb", n(1.0))]), "? |-\n  a\n  b\n: 1\n"),
            (l(vec![l(vec![])]), "- []\n"),
            (obj(&[("a", l(vec![l(vec![obj(&[("b", n(1.0))])])]))]), "\"a\":\n- - \"b\": 1\n"),
        ];
        for (v, want) in cases {
            assert_eq!(ok("yamlencode", &[v.clone()]), s(want), "yamlencode({v:?})");
        }
        assert!(ok("yamlencode", &[obj(&[("a", unk("var.a"))])]).is_unknown());
    }

    /// Each document fails to decode with an error that says its message.
    fn decode_errors(cases: &[(&str, &str)]) {
        for (src, msg) in cases {
            let e = err("yamldecode", &[s(src)]);
            assert!(e.contains(msg), "yamldecode({src:?}): {e}");
        }
    }

    #[test]
    fn yamldecode_subset() {
        let cases: &[(&str, Value)] = &[
            ("yes", b(true)),
            ("on", b(true)),
            ("y", b(true)),
            ("0x10", n(16.0)),
            ("0o17", n(15.0)),
            ("017", n(17.0)),
            ("1_000", s("1_000")),
            ("1e3", n(1000.0)),
            (".5", n(0.5)),
            ("+1", n(1.0)),
            ("1.", n(1.0)),
            ("-0x10", s("-0x10")),
            ("1e", s("1e")),
            ("~", Value::Null),
            ("True", b(true)),
            ("0b101", s("0b101")),
            ("2001-12-14", s("2001-12-14T00:00:00Z")),
            ("2001-12-14T21:59:43.10-05:00", s("2001-12-14T21:59:43-05:00")),
            ("!!str 12", s("12")),
            ("a: 1\na: 2", obj(&[("a", n(2.0))])),
            ("1: a", obj(&[("1", s("a"))])),
            ("- 1.0\n- 1.50\n- -0", nums(&[1.0, 1.5, -0.0])),
            (
                "a: &x {b: 1}\nc: *x\nd:\n  <<: *x\n  e: 2",
                obj(&[
                    ("a", obj(&[("b", n(1.0))])),
                    ("c", obj(&[("b", n(1.0))])),
                    ("d", obj(&[("b", n(1.0)), ("e", n(2.0))])),
                ]),
            ),
            (
                "a:\n- 1\n- 2\nb: |\n  x\n   y\n\n  z\nc: >-\n  f\n  g\n\n  h\n    i\n",
                obj(&[("a", nums(&[1.0, 2.0])), ("b", s("x\n y\n\nz\n")), ("c", s("f g\nh\n  i"))]),
            ),
            ("a: \"x\\ty\n  z\"\nb: 'it''s'", obj(&[("a", s("x\ty z")), ("b", s("it's"))])),
            (
                "[a, b: c, {d: e}]",
                l(vec![s("a"), obj(&[("b", s("c"))]), obj(&[("d", s("e"))])]),
            ),
            ("a: b # c\n#x\nd: \"e\" #f", obj(&[("a", s("b")), ("d", s("e"))])),
            ("key: value\n  more", obj(&[("key", s("value more"))])),
            ("- a\n -b", strs(&["a -b"])),
            ("a: !!int \"3\"", obj(&[("a", s("3"))])),
            (
                "---\nname: web\nports:\n  - 80\n  - 443\nnested:\n  - name: x\n    value: [1, 2]\n  - name: why\nempty:\n",
                obj(&[
                    ("name", s("web")),
                    ("ports", nums(&[80.0, 443.0])),
                    (
                        "nested",
                        l(vec![
                            obj(&[("name", s("x")), ("value", nums(&[1.0, 2.0]))]),
                            obj(&[("name", s("why"))]),
                        ]),
                    ),
                    ("empty", Value::Null),
                ]),
            ),
            ("\"a\": \"b\"\n\"c\":\n- 1\n", obj(&[("a", s("b")), ("c", nums(&[1.0]))])),
        ];
        for (src, want) in cases {
            assert_eq!(&ok("yamldecode", &[s(src)]), want, "yamldecode({src:?})");
        }
        decode_errors(&[
            ("", "missing start of document"),
            (".NaN", "NaN is not supported"),
            ("--- a\n--- b", "unexpected extra content"),
            ("? [1]\n: 2", "only strings are allowed as mapping keys"),
            ("~: c", "mapping key cannot be null"),
            ("a: !custom x", "unsupported tag \"!custom\""),
            ("a:\n  b\n  c: d", ""),
            ("a: [1, 2", ""),
            ("a: \"unterminated", ""),
        ]);
    }

    #[test]
    fn yamldecode_more_cases_from_terraform() {
        let cases: &[(&str, Value)] = &[
            ("---", Value::Null),
            ("|\n  top\n  level\n", s("top\nlevel\n")),
            (
                "url: http://x.com:80/a\nb: c:d\nt:\tx\n",
                obj(&[
                    ("b", s("c:d")),
                    ("t", s("x")),
                    ("url", s("http://x.com:80/a")),
                ]),
            ),
            (
                "- [a, b]\n- {x: 1, y: [2, 3]}\n-\n- - z",
                l(vec![
                    strs(&["a", "b"]),
                    obj(&[("true", nums(&[2.0, 3.0])), ("x", n(1.0))]),
                    Value::Null,
                    strs(&["z"]),
                ]),
            ),
            (
                "a: 'multi\n  line'\nb: \"x\\\n   y\"",
                obj(&[("a", s("multi line")), ("b", s("xy"))]),
            ),
            (
                "a:\n  - b: 1\n    c: 2\n  - d\n",
                obj(&[("a", l(vec![obj(&[("b", n(1.0)), ("c", n(2.0))]), s("d")]))]),
            ),
            (
                "a: >\n  folded\n  text\n\n  para\nb: 1",
                obj(&[("a", s("folded text\npara\n")), ("b", n(1.0))]),
            ),
            ("a: |-\n  x\n\n\nb: 2", obj(&[("a", s("x")), ("b", n(2.0))])),
            (
                "a: |+\n  x\n\n\nb: 2",
                obj(&[("a", s("x\n\n\n")), ("b", n(2.0))]),
            ),
            (
                "key with spaces: v\n\"quoted key\": w",
                obj(&[("key with spaces", s("v")), ("quoted key", s("w"))]),
            ),
            ("a:\n\n  b: 1\n", obj(&[("a", obj(&[("b", n(1.0))]))])),
            ("- a # c\n# d\n- b", strs(&["a", "b"])),
            ("{a: 1, b: }", obj(&[("a", n(1.0)), ("b", Value::Null)])),
            ("[1, 2, ]", nums(&[1.0, 2.0])),
            ("a: [\n  1,\n  2\n]\n", obj(&[("a", nums(&[1.0, 2.0]))])),
            ("yes: 1\n1.50: 2", obj(&[("1.5", n(2.0)), ("true", n(1.0))])),
        ];
        for (src, want) in cases {
            assert_eq!(&ok("yamldecode", &[s(src)]), want, "yamldecode({src:?})");
        }
        for src in ["# only a comment", "a: -1\nb: - 1", "a: 1\n b: 2"] {
            let _ = err("yamldecode", &[s(src)]);
        }
    }

    #[test]
    fn yamldecode_escapes_indicators_and_flow_errors() {
        let cases: &[(&str, Value)] = &[
            ("\"\\x41\\u00e9\\U0001F600\"", s("A\u{e9}\u{1F600}")),
            ("\"\\t\\\"\\/\\N\\_\"", s("\t\"/\u{85}\u{a0}")),
            ("\"a\\\r\n  b\"", s("ab")),
            ("a: |2\n   x\n  y\n", obj(&[("a", s(" x\ny\n"))])),
            ("a: >+\n  x\n\n", obj(&[("a", s("x\n\n"))])),
            ("a: |-  # why\n  x\n", obj(&[("a", s("x"))])),
            ("a: |", obj(&[("a", s(""))])),
            (
                "[a, [b, c], {d: [e]}]",
                l(vec![s("a"), strs(&["b", "c"]), obj(&[("d", strs(&["e"]))])]),
            ),
            ("{a, b: }", obj(&[("a", Value::Null), ("b", Value::Null)])),
        ];
        for (src, want) in cases {
            assert_eq!(&ok("yamldecode", &[s(src)]), want, "yamldecode({src:?})");
        }
        decode_errors(&[
            (
                "\"\\q\"",
                "line 1, column 4: found unknown escape character",
            ),
            ("\"\\x4\"", "found invalid escape sequence"),
            (
                "\"\\",
                "found unexpected end of stream while scanning a quoted scalar",
            ),
            (
                "[a, b",
                "line 1, column 6: did not find expected ',' or ']'",
            ),
            ("[a b c", "did not find expected ',' or ']'"),
            ("{a: 1 x: 2}", "did not find expected ',' or '}'"),
            ("{a: 1", "did not find expected ',' or '}'"),
            ("[[1]: 2]", "only strings are allowed as mapping keys"),
            ("{[a]: 1}", "only strings are allowed as mapping keys"),
            ("a: |x\n  y", "did not find expected comment or line break"),
        ]);
    }

    #[test]
    fn yaml_round_trips_through_encode() {
        let v = obj(&[
            ("a", s("multi\nline\n")),
            ("b", l(vec![s("  lead\nx"), s("x\n\n"), s("\nx"), s("tab\there"), s("😀 \u{1}")])),
            ("c", obj(&[("d", n(1.5)), ("e", b(false)), ("f", Value::Null), ("g", s("yes"))])),
            ("h", s("aaaa bbbb cccc dddd eeee ffff gggg hhhh iiii jjjj kkkk llll mmmm nnnn oooo pppp qqqq  rrrr ssss")),
            ("i", l(vec![])),
            ("j", obj(&[])),
        ]);
        let enc = ok("yamlencode", &[v.clone()]);
        assert_eq!(ok("yamldecode", &[enc]), v);
    }

    #[test]
    fn yaml_alias_bombs_are_bounded() {
        let mut doc = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for i in 1..10 {
            let refs = vec![format!("*a{}", i - 1); 10].join(", ");
            let _ = writeln!(doc, "a{i}: &a{i} [{refs}]");
        }
        let start = std::time::Instant::now();
        assert!(err("yamldecode", &[s(&doc)]).contains("too many values"));
        assert!(start.elapsed() < std::time::Duration::from_secs(10));
        let deep = "[".repeat(100_000);
        assert!(err("yamldecode", &[s(&deep)]).contains("nested too deeply"));
        let deep = (0..1000)
            .map(|i| format!("{}- x\n", " ".repeat(i)))
            .collect::<String>();
        let _ = call("yamldecode", &[s(&deep)], &mut cx()); // no stack overflow
    }
}

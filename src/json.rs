//! A small JSON parser that keeps byte spans, tolerates repeated keys (the later one wins when
//! read as a map, like Terraform) and bounds nesting depth. Used for `.tf.json`, `.tfvars.json`,
//! `jsondecode` and JSON policy documents. It also accepts *placeholders*: a bare
//! `SENTINEL_OPEN digits SENTINEL_CLOSE` token in value position, which the evaluator uses to
//! parse JSON text that still contains unknown interpolations.

use crate::source::Span;

pub const SENTINEL_OPEN: char = '\u{F8FF}';
pub const SENTINEL_CLOSE: char = '\u{F8FE}';
pub const MAX_DEPTH: usize = 256;

#[derive(Clone, Debug, PartialEq)]
pub struct JNode {
    pub kind: JKind,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub enum JKind {
    Null,
    Bool(bool),
    Number(f64),
    String(String),
    Array(Vec<JNode>),
    /// Members in source order; keys may repeat.
    Object(Vec<JMember>),
    Placeholder(u32),
}

#[derive(Clone, Debug, PartialEq)]
pub struct JMember {
    pub key: String,
    pub key_span: Span,
    pub value: JNode,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct JsonError {
    pub message: String,
    pub offset: usize,
}

pub fn parse(text: &str) -> Result<JNode, JsonError> {
    let mut p = Parser {
        s: text.as_bytes(),
        text,
        pos: 0,
        depth: 0,
    };
    if text.starts_with('\u{feff}') {
        p.pos = 3;
    }
    p.ws();
    let v = p.value()?;
    p.ws();
    if p.pos < p.s.len() {
        return Err(p.err("unexpected trailing characters after the JSON value"));
    }
    Ok(v)
}

struct Parser<'a> {
    s: &'a [u8],
    text: &'a str,
    pos: usize,
    depth: usize,
}

impl Parser<'_> {
    fn err(&self, message: &str) -> JsonError {
        JsonError {
            message: message.to_string(),
            offset: self.pos.min(self.s.len()),
        }
    }

    fn ws(&mut self) {
        while let Some(b) = self.s.get(self.pos) {
            if matches!(b, b' ' | b'\t' | b'\n' | b'\r') {
                self.pos += 1;
            } else {
                break;
            }
        }
    }

    fn value(&mut self) -> Result<JNode, JsonError> {
        let start = self.pos;
        let kind = match self.s.get(self.pos) {
            None => return Err(self.err("unexpected end of input, expected a JSON value")),
            Some(b'{') => self.object()?,
            Some(b'[') => self.array()?,
            Some(b'"') => JKind::String(self.string()?),
            Some(b't') => self.word("true", JKind::Bool(true))?,
            Some(b'f') => self.word("false", JKind::Bool(false))?,
            Some(b'n') => self.word("null", JKind::Null)?,
            Some(b'-' | b'0'..=b'9') => self.number()?,
            Some(_) if self.text[self.pos..].starts_with(SENTINEL_OPEN) => self.placeholder()?,
            Some(_) => return Err(self.err("expected a JSON value")),
        };
        Ok(JNode {
            kind,
            span: Span::new(start, self.pos),
        })
    }

    fn enter(&mut self) -> Result<(), JsonError> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(self.err(&format!("JSON nesting deeper than {MAX_DEPTH} levels")));
        }
        Ok(())
    }

    fn object(&mut self) -> Result<JKind, JsonError> {
        self.enter()?;
        self.pos += 1;
        let mut members = Vec::new();
        self.ws();
        if self.s.get(self.pos) == Some(&b'}') {
            self.pos += 1;
            self.depth -= 1;
            return Ok(JKind::Object(members));
        }
        loop {
            self.ws();
            if self.s.get(self.pos) != Some(&b'"') {
                return Err(self.err("expected a quoted object key"));
            }
            let kstart = self.pos;
            let key = self.string()?;
            let key_span = Span::new(kstart, self.pos);
            self.ws();
            if self.s.get(self.pos) != Some(&b':') {
                return Err(self.err("expected ':' after the object key"));
            }
            self.pos += 1;
            self.ws();
            let value = self.value()?;
            members.push(JMember {
                key,
                key_span,
                value,
            });
            self.ws();
            match self.s.get(self.pos) {
                Some(b',') => self.pos += 1,
                Some(b'}') => {
                    self.pos += 1;
                    break;
                }
                _ => return Err(self.err("expected ',' or '}' in object")),
            }
        }
        self.depth -= 1;
        Ok(JKind::Object(members))
    }

    fn array(&mut self) -> Result<JKind, JsonError> {
        self.enter()?;
        self.pos += 1;
        let mut items = Vec::new();
        self.ws();
        if self.s.get(self.pos) == Some(&b']') {
            self.pos += 1;
            self.depth -= 1;
            return Ok(JKind::Array(items));
        }
        loop {
            self.ws();
            items.push(self.value()?);
            self.ws();
            match self.s.get(self.pos) {
                Some(b',') => self.pos += 1,
                Some(b']') => {
                    self.pos += 1;
                    break;
                }
                _ => return Err(self.err("expected ',' or ']' in array")),
            }
        }
        self.depth -= 1;
        Ok(JKind::Array(items))
    }

    fn word(&mut self, w: &str, kind: JKind) -> Result<JKind, JsonError> {
        if self.s[self.pos..].starts_with(w.as_bytes()) {
            self.pos += w.len();
            Ok(kind)
        } else {
            Err(self.err("expected a JSON value"))
        }
    }

    fn number(&mut self) -> Result<JKind, JsonError> {
        let start = self.pos;
        if self.s.get(self.pos) == Some(&b'-') {
            self.pos += 1;
        }
        while let Some(b) = self.s.get(self.pos) {
            if b.is_ascii_digit() || matches!(b, b'.' | b'e' | b'E' | b'+' | b'-') {
                self.pos += 1;
            } else {
                break;
            }
        }
        // Terraform's numbers are arbitrary-precision: `1e999` is a real number there, but not
        // one pe-lint can hold, so it is an error rather than infinity (which would compare
        // greater than any requirement and pass it).
        match self.text[start..self.pos].parse::<f64>() {
            Ok(n) if n.is_finite() => Ok(JKind::Number(n)),
            Ok(_) => Err(JsonError {
                message: "number out of range".into(),
                offset: start,
            }),
            Err(_) => Err(JsonError {
                message: "invalid number".into(),
                offset: start,
            }),
        }
    }

    fn placeholder(&mut self) -> Result<JKind, JsonError> {
        let rest = &self.text[self.pos + SENTINEL_OPEN.len_utf8()..];
        let end = rest
            .find(SENTINEL_CLOSE)
            .ok_or_else(|| self.err("broken placeholder"))?;
        let n = rest[..end]
            .parse::<u32>()
            .map_err(|_| self.err("broken placeholder"))?;
        self.pos += SENTINEL_OPEN.len_utf8() + end + SENTINEL_CLOSE.len_utf8();
        Ok(JKind::Placeholder(n))
    }

    fn string(&mut self) -> Result<String, JsonError> {
        self.pos += 1;
        let mut out = String::new();
        loop {
            let rest = &self.text[self.pos..];
            let stop = rest.find(['"', '\\']).ok_or_else(|| JsonError {
                message: "unterminated string".into(),
                offset: self.s.len(),
            })?;
            let chunk = &rest[..stop];
            if let Some(i) = chunk.find(|c: char| (c as u32) < 0x20 && c != '\t') {
                self.pos += i;
                return Err(self.err("control character inside a JSON string"));
            }
            out.push_str(chunk);
            self.pos += stop;
            if self.s[self.pos] == b'"' {
                self.pos += 1;
                return Ok(out);
            }
            self.pos += 1;
            let esc = *self
                .s
                .get(self.pos)
                .ok_or_else(|| self.err("unterminated escape"))?;
            self.pos += 1;
            match esc {
                b'"' => out.push('"'),
                b'\\' => out.push('\\'),
                b'/' => out.push('/'),
                b'b' => out.push('\u{8}'),
                b'f' => out.push('\u{c}'),
                b'n' => out.push('\n'),
                b'r' => out.push('\r'),
                b't' => out.push('\t'),
                b'u' => {
                    let c = self.unicode_escape()?;
                    out.push(c);
                }
                _ => return Err(self.err("invalid escape in JSON string")),
            }
        }
    }

    fn hex4(&mut self) -> Result<u32, JsonError> {
        let h = self
            .text
            .get(self.pos..self.pos + 4)
            .ok_or_else(|| self.err("short \\u escape"))?;
        let v = u32::from_str_radix(h, 16).map_err(|_| self.err("invalid \\u escape"))?;
        self.pos += 4;
        Ok(v)
    }

    fn unicode_escape(&mut self) -> Result<char, JsonError> {
        let hi = self.hex4()?;
        if (0xD800..0xDC00).contains(&hi) && self.s[self.pos..].starts_with(b"\\u") {
            self.pos += 2;
            let lo = self.hex4()?;
            let c = 0x10000 + ((hi - 0xD800) << 10) + (lo.wrapping_sub(0xDC00) & 0x3FF);
            return Ok(char::from_u32(c).unwrap_or('\u{fffd}'));
        }
        Ok(char::from_u32(hi).unwrap_or('\u{fffd}'))
    }
}

impl JNode {
    /// The member's value by key; the last one wins, as in Terraform.
    pub fn get(&self, key: &str) -> Option<&JNode> {
        match &self.kind {
            JKind::Object(m) => m.iter().rev().find(|m| m.key == key).map(|m| &m.value),
            _ => None,
        }
    }
}

/// Encode a string as a JSON string literal.
pub fn quote(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_else(|_| format!("\"{s}\""))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_with_spans_and_repeated_keys() {
        let v = parse(r#"{"a": 1, "a": [true, null, "x\u00e9"]}"#).unwrap();
        let a = v.get("a").unwrap();
        assert!(matches!(a.kind, JKind::Array(ref x) if x.len() == 3));
        assert_eq!(a.span, Span::new(14, 37));
    }

    #[test]
    fn depth_is_bounded() {
        let deep = "[".repeat(100_000);
        assert!(parse(&deep).unwrap_err().message.contains("nesting"));
    }

    #[test]
    fn placeholders_in_value_position() {
        let text = format!("{{\"n\": {SENTINEL_OPEN}7{SENTINEL_CLOSE}}}");
        assert_eq!(
            parse(&text).unwrap().get("n").unwrap().kind,
            JKind::Placeholder(7)
        );
    }

    #[test]
    fn errors_have_offsets() {
        let e = parse("{\"a\": }").unwrap_err();
        assert_eq!(e.offset, 6);
    }
}

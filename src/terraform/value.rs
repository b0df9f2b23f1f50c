//! Values of the evaluated configuration, including *unknown* values that only exist after
//! apply. An unknown remembers where it came from, and a string that mixes known text with
//! unknowns keeps both (`Partial`), so rules can still read `"${aws_s3_bucket.b.arn}/*"` or a
//! JSON policy with references in it.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::sync::Arc;

use crate::json::{self, JKind, JNode, SENTINEL_CLOSE, SENTINEL_OPEN};

pub type Map = BTreeMap<String, Value>;

#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    Null,
    Bool(bool),
    Number(f64),
    String(Arc<str>),
    /// Lists, tuples and sets (sets are kept sorted and deduplicated by `toset`).
    List(Arc<Vec<Value>>),
    /// Objects and maps; keys sorted as Terraform sorts them.
    Object(Arc<Map>),
    Unknown(Arc<Unknown>),
    /// A string made of known text and unknown pieces.
    Partial(Arc<Vec<Part>>),
    /// A whole resource instance: configured attributes known, everything else unknown.
    Resource(Arc<ResourceValue>),
}

#[derive(Clone, Debug, PartialEq, Default)]
pub struct Unknown {
    /// Where the value comes from; empty when nothing specific is known.
    pub origins: Vec<Origin>,
    /// When the value is known to be one of a few values (a `lookup` with an unknown key
    /// into a known map, a conditional on an unknown condition): those values, none of them
    /// itself unknown. Empty: it may be anything.
    pub one_of: Vec<Value>,
    /// Computed from other values (an operator, a function, a conditional), not one
    /// reference: two derived unknowns with the same origins may still differ
    /// (`var.x ? "a" : "b"` and `!var.x ? "a" : "b"`), so equal is not the same.
    pub derived: bool,
}

/// Most values a bounded unknown keeps; beyond this it may be anything.
pub const MAX_ONE_OF: usize = 16;

#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Origin {
    /// What to show: `aws_sqs_queue.dlq.arn`, `var.environment`, `timestamp()`.
    pub text: Arc<str>,
    /// The resource instance address (module-qualified) when the value is a resource attribute.
    pub resource: Option<Arc<str>>,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Part {
    Lit(String),
    Unknown(Arc<Unknown>),
}

#[derive(Clone, Debug, PartialEq)]
pub struct ResourceValue {
    /// Module-qualified instance address, e.g. `module.sqs.aws_sqs_queue.main`.
    pub address: Arc<str>,
    /// Configured attributes and nested blocks (an Object).
    pub attrs: Value,
}

impl Origin {
    pub fn new(text: impl Into<Arc<str>>) -> Origin {
        Origin {
            text: text.into(),
            resource: None,
        }
    }
    pub fn resource(address: &str, attr: &str) -> Origin {
        Origin {
            text: if attr.is_empty() {
                address.into()
            } else {
                format!("{address}.{attr}").into()
            },
            resource: Some(address.into()),
        }
    }
}

impl Unknown {
    /// `one of 14, 30`: the alternatives of a bounded unknown, for messages.
    pub fn alternatives(&self) -> String {
        let shown: Vec<String> = self.one_of.iter().map(Value::display).collect();
        format!("one of {}", shown.join(", "))
    }

    pub fn describe(&self) -> String {
        if self.origins.is_empty() && self.one_of.is_empty() {
            "a value known only after apply".to_string()
        } else if self.origins.is_empty() {
            self.alternatives()
        } else {
            self.origins
                .iter()
                .map(|o| o.text.to_string())
                .collect::<Vec<_>>()
                .join(", ")
        }
    }
}

impl Value {
    pub fn string(s: impl Into<Arc<str>>) -> Value {
        Value::String(s.into())
    }
    pub fn list(items: Vec<Value>) -> Value {
        Value::List(Arc::new(items))
    }
    pub fn object(map: Map) -> Value {
        Value::Object(Arc::new(map))
    }
    pub fn unknown() -> Value {
        Value::Unknown(Arc::new(Unknown::default()))
    }
    pub fn unknown_from(origin: Origin) -> Value {
        Value::Unknown(Arc::new(Unknown {
            origins: vec![origin],
            ..Default::default()
        }))
    }
    /// An unknown carrying every origin found inside `values` (for unknowns propagated
    /// through an operator or function).
    pub fn unknown_of(values: &[&Value]) -> Value {
        let mut origins = Vec::new();
        for v in values {
            v.collect_origins(&mut origins);
        }
        origins.sort();
        origins.dedup();
        Value::Unknown(Arc::new(Unknown {
            origins,
            one_of: Vec::new(),
            derived: true,
        }))
    }

    /// A value that is one of `values`, none known to be the one (origins from `because` and
    /// the values): the single value when they all agree, a bounded unknown when there are
    /// at most [`MAX_ONE_OF`] different ones, else an unknown that may be anything.
    pub fn one_of(values: Vec<Value>, because: &[&Value]) -> Value {
        let mut all: Vec<&Value> = because.to_vec();
        all.extend(values.iter());
        let Value::Unknown(unbounded) = Value::unknown_of(&all) else {
            return Value::unknown();
        };
        let mut distinct: Vec<Value> = Vec::new();
        for v in values.iter() {
            let alternatives = match v {
                Value::Unknown(u) if u.one_of.is_empty() => None,
                Value::Unknown(u) => Some(u.one_of.clone()),
                _ => Some(vec![v.clone()]),
            };
            let Some(alternatives) = alternatives else {
                distinct.clear();
                break;
            };
            for a in alternatives {
                if !distinct.contains(&a) {
                    distinct.push(a);
                }
            }
            if distinct.len() > MAX_ONE_OF {
                distinct.clear();
                break;
            }
        }
        if distinct.len() == 1 {
            return distinct.pop().unwrap_or(Value::Null);
        }
        let mut u = Arc::unwrap_or_clone(unbounded);
        u.one_of = distinct;
        Value::Unknown(Arc::new(u))
    }

    /// The values this may be: itself when known or partly known, the alternatives of a
    /// bounded unknown, `None` when it may be anything.
    pub fn possible_values(&self) -> Option<Vec<Value>> {
        match self {
            Value::Unknown(u) if u.one_of.is_empty() => None,
            Value::Unknown(u) => Some(u.one_of.clone()),
            other => Some(vec![other.clone()]),
        }
    }

    pub fn collect_origins(&self, out: &mut Vec<Origin>) {
        match self {
            Value::Unknown(u) => {
                out.extend(u.origins.iter().cloned());
                u.one_of.iter().for_each(|v| v.collect_origins(out));
            }
            Value::Partial(parts) => {
                for p in parts.iter() {
                    if let Part::Unknown(u) = p {
                        out.extend(u.origins.iter().cloned());
                    }
                }
            }
            Value::List(items) => items.iter().for_each(|v| v.collect_origins(out)),
            Value::Object(m) => m.values().for_each(|v| v.collect_origins(out)),
            Value::Resource(r) => out.push(Origin::resource(&r.address, "")),
            _ => {}
        }
    }

    /// Resource addresses this value points at (through unknowns and whole-resource values).
    pub fn referenced_resources(&self) -> Vec<Arc<str>> {
        let mut origins = Vec::new();
        self.collect_origins(&mut origins);
        let mut out: Vec<Arc<str>> = origins.into_iter().filter_map(|o| o.resource).collect();
        out.sort();
        out.dedup();
        out
    }

    pub fn is_null(&self) -> bool {
        matches!(self, Value::Null)
    }
    pub fn is_unknown(&self) -> bool {
        matches!(self, Value::Unknown(_))
    }
    /// Is this value, at apply, surely equal to `other`? Known values when they are equal;
    /// unknown pieces only when they are the same reference (not derived values that merely
    /// share their origins).
    pub fn surely_equals(&self, other: &Value) -> bool {
        fn same_piece(a: &Unknown, b: &Unknown) -> bool {
            !a.derived && !b.derived && !a.origins.is_empty() && a == b
        }
        match (self, other) {
            (Value::Unknown(a), Value::Unknown(b)) => same_piece(a, b),
            (Value::Partial(a), Value::Partial(b)) => {
                a.len() == b.len()
                    && a.iter().zip(b.iter()).all(|(x, y)| match (x, y) {
                        (Part::Lit(x), Part::Lit(y)) => x == y,
                        (Part::Unknown(x), Part::Unknown(y)) => same_piece(x, y),
                        _ => false,
                    })
            }
            _ => self.is_wholly_known() && self == other,
        }
    }

    /// True when the value and everything inside it is known.
    pub fn is_wholly_known(&self) -> bool {
        match self {
            Value::Unknown(_) | Value::Partial(_) => false,
            Value::List(items) => items.iter().all(Value::is_wholly_known),
            Value::Object(m) => m.values().all(Value::is_wholly_known),
            Value::Resource(_) => false,
            _ => true,
        }
    }
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::String(s) => Some(s),
            _ => None,
        }
    }
    pub fn as_bool(&self) -> Option<bool> {
        match self {
            Value::Bool(b) => Some(*b),
            Value::String(s) if &**s == "true" => Some(true),
            Value::String(s) if &**s == "false" => Some(false),
            _ => None,
        }
    }
    pub fn as_f64(&self) -> Option<f64> {
        match self {
            Value::Number(n) => Some(*n),
            Value::String(s) => s.trim().parse::<f64>().ok().filter(|n| n.is_finite()),
            _ => None,
        }
    }
    pub fn as_list(&self) -> Option<&[Value]> {
        match self {
            Value::List(items) => Some(items),
            _ => None,
        }
    }
    pub fn as_object(&self) -> Option<&Map> {
        match self {
            Value::Object(m) => Some(m),
            Value::Resource(r) => r.attrs.as_object(),
            _ => None,
        }
    }

    /// Attribute access that never fails: a missing key is `None`; on a whole resource an
    /// unconfigured attribute is unknown (computed after apply). So is one configured as
    /// `null`: that leaves it unset, and the provider may compute it (`name` from
    /// `name_prefix`).
    pub fn get(&self, key: &str) -> Option<Value> {
        match self {
            Value::Object(m) => m.get(key).cloned(),
            Value::Resource(r) => Some(
                r.attrs
                    .as_object()
                    .and_then(|m| m.get(key).cloned())
                    .filter(|v| !v.is_null())
                    .unwrap_or_else(|| Value::unknown_from(Origin::resource(&r.address, key))),
            ),
            Value::Unknown(_) => Some(self.part_of()),
            _ => None,
        }
    }

    /// An attribute or element of this unknown value: the same origins, but not the same
    /// value (`var.cfg.a` is not `var.cfg.b`).
    pub fn part_of(&self) -> Value {
        match self {
            Value::Unknown(u) => Value::Unknown(Arc::new(Unknown {
                origins: u.origins.clone(),
                derived: true,
                ..Default::default()
            })),
            other => other.clone(),
        }
    }

    /// A nested block or object attribute as a list of objects: a single object counts as one.
    pub fn blocks(&self, key: &str) -> Vec<Value> {
        match self.get(key) {
            Some(Value::List(items)) => items.to_vec(),
            Some(v @ Value::Object(_)) => vec![v],
            Some(v @ Value::Unknown(_)) => vec![v],
            _ => vec![],
        }
    }

    pub fn type_name(&self) -> &'static str {
        match self {
            Value::Null => "null",
            Value::Bool(_) => "bool",
            Value::Number(_) => "number",
            Value::String(_) | Value::Partial(_) => "string",
            Value::List(_) => "list",
            Value::Object(_) | Value::Resource(_) => "object",
            Value::Unknown(_) => "unknown",
        }
    }

    /// Terraform's conversion to string for templates and `tostring`. `None` for values that
    /// have no string form (lists, objects).
    pub fn to_template_string(&self) -> Option<String> {
        match self {
            Value::String(s) => Some(s.to_string()),
            Value::Number(n) => Some(format_number(*n)),
            Value::Bool(b) => Some(b.to_string()),
            _ => None,
        }
    }

    /// A human-readable rendering for messages: strings quoted, unknowns as `${origin}`.
    pub fn display(&self) -> String {
        let mut out = String::new();
        self.display_into(&mut out, 0);
        out
    }

    fn display_into(&self, out: &mut String, depth: usize) {
        if depth > 8 || out.len() > 400 {
            out.push('…');
            return;
        }
        match self {
            Value::Null => out.push_str("null"),
            Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
            Value::Number(n) => out.push_str(&format_number(*n)),
            Value::String(s) => out.push_str(&json::quote(s)),
            Value::Partial(parts) => {
                out.push('"');
                for p in parts.iter() {
                    match p {
                        Part::Lit(s) => {
                            let q = json::quote(s);
                            out.push_str(&q[1..q.len() - 1]);
                        }
                        Part::Unknown(u) => {
                            let _ = write!(out, "${{{}}}", u.describe());
                        }
                    }
                }
                out.push('"');
            }
            Value::Unknown(u) => {
                let _ = write!(out, "(known after apply: {})", u.describe());
            }
            Value::List(items) => {
                out.push('[');
                for (i, v) in items.iter().enumerate() {
                    if i > 0 {
                        out.push_str(", ");
                    }
                    v.display_into(out, depth + 1);
                }
                out.push(']');
            }
            Value::Object(m) => {
                out.push('{');
                for (i, (k, v)) in m.iter().enumerate() {
                    if i > 0 {
                        out.push_str(", ");
                    }
                    let _ = write!(out, "{k} = ");
                    v.display_into(out, depth + 1);
                }
                out.push('}');
            }
            Value::Resource(r) => out.push_str(&r.address),
        }
    }

    /// Known values as JSON; unknowns become `null`. For reports and `inspect`.
    pub fn to_json(&self) -> serde_json::Value {
        match self {
            Value::Null | Value::Unknown(_) => serde_json::Value::Null,
            Value::Bool(b) => serde_json::Value::Bool(*b),
            Value::Number(n) => number_json(*n),
            Value::String(s) => serde_json::Value::String(s.to_string()),
            Value::Partial(_) => serde_json::Value::Null,
            Value::List(items) => {
                serde_json::Value::Array(items.iter().map(Value::to_json).collect())
            }
            Value::Object(m) => {
                serde_json::Value::Object(m.iter().map(|(k, v)| (k.clone(), v.to_json())).collect())
            }
            Value::Resource(r) => r.attrs.to_json(),
        }
    }

    /// Terraform's `after_unknown` shape: `true` where a value or part of one is unknown,
    /// `None` when nothing inside is unknown.
    pub fn unknown_mask(&self) -> Option<serde_json::Value> {
        match self {
            Value::Unknown(_) | Value::Partial(_) | Value::Resource(_) => {
                Some(serde_json::Value::Bool(true))
            }
            Value::List(items) => {
                let masks: Vec<_> = items.iter().map(Value::unknown_mask).collect();
                if masks.iter().all(Option::is_none) {
                    None
                } else {
                    Some(serde_json::Value::Array(
                        masks
                            .into_iter()
                            .map(|m| m.unwrap_or(serde_json::Value::Bool(false)))
                            .collect(),
                    ))
                }
            }
            Value::Object(m) => {
                let masks: serde_json::Map<String, serde_json::Value> = m
                    .iter()
                    .filter_map(|(k, v)| v.unknown_mask().map(|mask| (k.clone(), mask)))
                    .collect();
                if masks.is_empty() {
                    None
                } else {
                    Some(serde_json::Value::Object(masks))
                }
            }
            _ => None,
        }
    }

    pub fn from_json(v: &serde_json::Value) -> Value {
        match v {
            serde_json::Value::Null => Value::Null,
            serde_json::Value::Bool(b) => Value::Bool(*b),
            serde_json::Value::Number(n) => Value::Number(n.as_f64().unwrap_or(f64::NAN)),
            serde_json::Value::String(s) => Value::string(s.as_str()),
            serde_json::Value::Array(a) => Value::list(a.iter().map(Value::from_json).collect()),
            serde_json::Value::Object(m) => Value::object(
                m.iter()
                    .map(|(k, v)| (k.clone(), Value::from_json(v)))
                    .collect(),
            ),
        }
    }
}

/// A number as Terraform writes it (Go's `big.Float.Text('f', -1)`): never an exponent, and
/// `-0` keeps its sign (`tostring(-0)` is `"-0"` in `terraform plan`).
pub fn format_number(n: f64) -> String {
    if n.is_finite() && n.fract() == 0.0 && n.abs() < 1e21 && n != 0.0 {
        format!("{}", n as i128)
    } else {
        format!("{n}")
    }
}

fn number_json(n: f64) -> serde_json::Value {
    if n.is_finite() && n.fract() == 0.0 && n.abs() < 9.007e15 {
        serde_json::Value::from(n as i64)
    } else {
        serde_json::Number::from_f64(n)
            .map(serde_json::Value::Number)
            .unwrap_or(serde_json::Value::Null)
    }
}

/// Build a string value from parts, merging adjacent literals; all-literal parts give a
/// plain `String`.
pub fn concat_parts(parts: Vec<Part>) -> Value {
    let mut merged: Vec<Part> = Vec::with_capacity(parts.len());
    for p in parts {
        match (merged.last_mut(), p) {
            (Some(Part::Lit(prev)), Part::Lit(s)) => prev.push_str(&s),
            (_, Part::Lit(s)) if s.is_empty() => {}
            (_, p) => merged.push(p),
        }
    }
    match merged.as_slice() {
        [] => Value::string(""),
        [Part::Lit(s)] => Value::string(s.as_str()),
        _ => Value::Partial(Arc::new(merged)),
    }
}

/// The parts of a string-like value (`None` for non-strings).
pub fn string_parts(v: &Value) -> Option<Vec<Part>> {
    match v {
        Value::Partial(p) => Some(p.to_vec()),
        Value::Unknown(u) => Some(vec![Part::Unknown(u.clone())]),
        other => other.to_template_string().map(|s| vec![Part::Lit(s)]),
    }
}

// ---------------------------------------------------------------------------------------------
// JSON with unknowns

/// `jsonencode`: a known value gives a string; a value with unknowns gives a `Partial` string
/// whose unknown pieces sit where the unknown values are (quoted, as strings would be).
pub fn json_encode(v: &Value) -> Value {
    let mut parts = Vec::new();
    let mut buf = String::new();
    encode_into(v, &mut buf, &mut parts);
    parts.push(Part::Lit(buf));
    concat_parts(parts)
}

/// A JSON string as Terraform's `jsonencode` writes it (Go's encoding/json): `<`, `>` and `&`
/// as `\u003c`, `\u003e`, `\u0026`, and U+2028/U+2029 escaped too.
fn tf_quote(s: &str) -> String {
    let q = json::quote(s);
    if !q.contains(['<', '>', '&', '\u{2028}', '\u{2029}']) {
        return q;
    }
    let mut out = String::with_capacity(q.len() + 16);
    for c in q.chars() {
        match c {
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            c => out.push(c),
        }
    }
    out
}

fn encode_into(v: &Value, buf: &mut String, parts: &mut Vec<Part>) {
    match v {
        Value::Null => buf.push_str("null"),
        Value::Bool(b) => buf.push_str(if *b { "true" } else { "false" }),
        // cty writes JSON numbers in the same plain form: `jsonencode(1e21)` is
        // "1000000000000000000000".
        Value::Number(n) if n.is_finite() => buf.push_str(&format_number(*n)),
        Value::Number(_) => buf.push_str("null"),
        Value::String(s) => buf.push_str(&tf_quote(s)),
        Value::Partial(ps) => {
            buf.push('"');
            for p in ps.iter() {
                match p {
                    Part::Lit(s) => {
                        let q = tf_quote(s);
                        buf.push_str(&q[1..q.len() - 1]);
                    }
                    Part::Unknown(u) => {
                        parts.push(Part::Lit(std::mem::take(buf)));
                        parts.push(Part::Unknown(u.clone()));
                    }
                }
            }
            buf.push('"');
        }
        Value::Unknown(u) => {
            buf.push('"');
            parts.push(Part::Lit(std::mem::take(buf)));
            parts.push(Part::Unknown(u.clone()));
            buf.push('"');
        }
        Value::List(items) => {
            buf.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    buf.push(',');
                }
                encode_into(item, buf, parts);
            }
            buf.push(']');
        }
        Value::Object(m) => {
            buf.push('{');
            for (i, (k, item)) in m.iter().enumerate() {
                if i > 0 {
                    buf.push(',');
                }
                buf.push_str(&tf_quote(k));
                buf.push(':');
                encode_into(item, buf, parts);
            }
            buf.push('}');
        }
        Value::Resource(r) => encode_into(&r.attrs, buf, parts),
    }
}

/// `jsondecode` and reading JSON policy text: works on known strings and on `Partial` strings
/// (unknown pieces come back as unknown values, or as `Partial` strings when they sit inside a
/// JSON string). `Err` carries the parser's message.
pub fn json_decode(v: &Value) -> Result<Value, String> {
    let parts = match v {
        Value::String(s) => {
            return json::parse(s)
                .map(|n| from_jnode(&n, &[]))
                .map_err(|e| e.message);
        }
        Value::Partial(p) => p.clone(),
        Value::Unknown(_) => return Ok(v.clone()),
        other => return Err(format!("expected a JSON string, got {}", other.type_name())),
    };
    let mut text = String::new();
    let mut unknowns = Vec::new();
    for p in parts.iter() {
        match p {
            Part::Lit(s) => text.push_str(s),
            Part::Unknown(u) => {
                let _ = write!(text, "{SENTINEL_OPEN}{}{SENTINEL_CLOSE}", unknowns.len());
                unknowns.push(u.clone());
            }
        }
    }
    json::parse(&text)
        .map(|n| from_jnode(&n, &unknowns))
        .map_err(|e| e.message)
}

fn from_jnode(n: &JNode, unknowns: &[Arc<Unknown>]) -> Value {
    match &n.kind {
        JKind::Null => Value::Null,
        JKind::Bool(b) => Value::Bool(*b),
        JKind::Number(x) => Value::Number(*x),
        JKind::String(s) => {
            if unknowns.is_empty() || !s.contains(SENTINEL_OPEN) {
                Value::string(s.as_str())
            } else {
                split_sentinels(s, unknowns)
            }
        }
        JKind::Array(items) => Value::list(items.iter().map(|i| from_jnode(i, unknowns)).collect()),
        JKind::Object(members) => {
            let mut m = Map::new();
            for mem in members {
                m.insert(mem.key.clone(), from_jnode(&mem.value, unknowns));
            }
            Value::object(m)
        }
        JKind::Placeholder(i) => unknowns
            .get(*i as usize)
            .map(|u| Value::Unknown(u.clone()))
            .unwrap_or_else(Value::unknown),
    }
}

fn split_sentinels(s: &str, unknowns: &[Arc<Unknown>]) -> Value {
    let mut parts = Vec::new();
    let mut rest = s;
    while let Some(i) = rest.find(SENTINEL_OPEN) {
        parts.push(Part::Lit(rest[..i].to_string()));
        let after = &rest[i + SENTINEL_OPEN.len_utf8()..];
        let Some(j) = after.find(SENTINEL_CLOSE) else {
            break;
        };
        let idx: usize = after[..j].parse().unwrap_or(usize::MAX);
        let u = unknowns.get(idx).cloned().unwrap_or_default();
        parts.push(Part::Unknown(u));
        rest = &after[j + SENTINEL_CLOSE.len_utf8()..];
    }
    parts.push(Part::Lit(rest.to_string()));
    concat_parts(parts)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn arn(addr: &str) -> Value {
        Value::unknown_from(Origin::resource(addr, "arn"))
    }

    #[test]
    fn jsonencode_with_unknowns_round_trips() {
        let mut stmt = Map::new();
        stmt.insert("deadLetterTargetArn".into(), arn("aws_sqs_queue.dlq"));
        stmt.insert("maxReceiveCount".into(), Value::Number(3.0));
        let encoded = json_encode(&Value::object(stmt));
        assert!(matches!(encoded, Value::Partial(_)));
        let decoded = json_decode(&encoded).unwrap();
        assert_eq!(decoded.get("maxReceiveCount"), Some(Value::Number(3.0)));
        let target = decoded.get("deadLetterTargetArn").unwrap();
        assert_eq!(
            target.referenced_resources(),
            vec![Arc::<str>::from("aws_sqs_queue.dlq")]
        );
    }

    #[test]
    fn heredoc_json_with_bare_and_quoted_interpolations() {
        let u = match arn("aws_s3_bucket.b") {
            Value::Unknown(u) => u,
            _ => unreachable!(),
        };
        let text = Value::Partial(Arc::new(vec![
            Part::Lit("{\"Resource\": \"".into()),
            Part::Unknown(u.clone()),
            Part::Lit("/*\", \"n\": ".into()),
            Part::Unknown(u),
            Part::Lit("}".into()),
        ]));
        let v = json_decode(&text).unwrap();
        let res = v.get("Resource").unwrap();
        assert!(matches!(res, Value::Partial(ref p) if p.len() == 2));
        assert!(v.get("n").unwrap().is_unknown());
    }

    /// Found by the oracle: `name = null` with `name_prefix` set leaves the name to the
    /// provider, so a reference to it is unknown, not null.
    #[test]
    fn null_resource_attributes_read_as_unknown() {
        let mut attrs = Map::new();
        attrs.insert("name".into(), Value::Null);
        attrs.insert("name_prefix".into(), Value::string("lg-"));
        let r = Value::Resource(Arc::new(ResourceValue {
            address: "aws_cloudwatch_log_group.this[0]".into(),
            attrs: Value::object(attrs),
        }));
        assert!(r.get("name").unwrap().is_unknown());
        assert_eq!(r.get("name_prefix"), Some(Value::string("lg-")));
    }

    /// Found by the oracle: `jsonencode("<b>&")` is `"\u003cb\u003e\u0026"` in Terraform.
    #[test]
    fn jsonencode_escapes_like_go() {
        assert_eq!(
            json_encode(&Value::string("<b>&'\u{2028}")),
            Value::string("\"\\u003cb\\u003e\\u0026'\\u2028\"")
        );
        let mut m = Map::new();
        m.insert("k<".into(), Value::string("v"));
        assert_eq!(
            json_encode(&Value::object(m)),
            Value::string("{\"k\\u003c\":\"v\"}")
        );
    }

    #[test]
    fn numbers_format_like_terraform() {
        assert_eq!(format_number(3.0), "3");
        assert_eq!(format_number(0.5), "0.5");
        assert_eq!(json_encode(&Value::Number(3.0)), Value::string("3"));
    }
}

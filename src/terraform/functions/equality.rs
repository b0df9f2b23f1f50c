//! Terraform equality, hashing and type unification, shared by the collection and conversion
//! families.

use super::*;

/// Equality as Terraform's `==` sees it (values of different types are not equal; callers
/// unify list elements first where Terraform would): `None` when unknown.
pub(super) fn tf_eq(a: &Value, b: &Value) -> Option<bool> {
    tf_eq_at(a, b, 0)
}

fn tf_eq_at(a: &Value, b: &Value, depth: usize) -> Option<bool> {
    if depth > MAX_DEPTH {
        return None;
    }
    match (a, b) {
        (Value::String(x), Value::String(y)) if Arc::ptr_eq(x, y) => return Some(true),
        // The very same value (possibly with unknowns inside) is equal to itself.
        (Value::List(x), Value::List(y)) if Arc::ptr_eq(x, y) => return Some(true),
        (Value::Object(x), Value::Object(y)) if Arc::ptr_eq(x, y) => return Some(true),
        _ => {}
    }
    match (a, b) {
        (Value::Unknown(_), _) | (_, Value::Unknown(_)) => None,
        (Value::Partial(_), _) | (_, Value::Partial(_)) => None,
        (Value::Resource(_), _) | (_, Value::Resource(_)) => None,
        (Value::Null, Value::Null) => Some(true),
        (Value::Null, _) | (_, Value::Null) => Some(false),
        (Value::List(x), Value::List(y)) => {
            if x.len() != y.len() {
                return Some(false);
            }
            let mut unknown = false;
            for (p, q) in x.iter().zip(y.iter()) {
                match tf_eq_at(p, q, depth + 1) {
                    Some(false) => return Some(false),
                    None => unknown = true,
                    Some(true) => {}
                }
            }
            if unknown {
                None
            } else {
                Some(true)
            }
        }
        (Value::Object(x), Value::Object(y)) => {
            if x.len() != y.len() || !x.keys().eq(y.keys()) {
                return Some(false);
            }
            let mut unknown = false;
            for (p, q) in x.values().zip(y.values()) {
                match tf_eq_at(p, q, depth + 1) {
                    Some(false) => return Some(false),
                    None => unknown = true,
                    Some(true) => {}
                }
            }
            if unknown {
                None
            } else {
                Some(true)
            }
        }
        _ => Some(a == b),
    }
}

fn canon_hash(v: &Value, h: &mut impl std::hash::Hasher, depth: usize) {
    if depth > MAX_DEPTH {
        return;
    }
    let prim = |h: &mut dyn std::hash::Hasher, text: &str| {
        h.write_u8(b'p');
        h.write(text.as_bytes());
        h.write_u8(0xff);
    };
    match v {
        Value::String(s) => prim(h, s),
        Value::Number(n) => prim(h, &format_number(*n)),
        Value::Bool(b) => prim(h, if *b { "true" } else { "false" }),
        Value::Null => h.write_u8(b'n'),
        Value::List(items) => {
            h.write_u8(b'[');
            for i in items.iter() {
                canon_hash(i, h, depth + 1);
            }
            h.write_u8(b']');
        }
        Value::Object(m) => {
            h.write_u8(b'{');
            for (k, x) in m.iter() {
                h.write(k.as_bytes());
                h.write_u8(0xff);
                canon_hash(x, h, depth + 1);
            }
            h.write_u8(b'}');
        }
        _ => h.write_u8(b'u'),
    }
}

/// A set of known values under Terraform equality, hashed so that large lists are not
/// compared pairwise.
#[derive(Default)]
pub(super) struct Seen {
    buckets: std::collections::HashMap<u64, Vec<Value>>,
}

impl Seen {
    fn key(v: &Value) -> u64 {
        use std::hash::Hasher as _;
        let mut h = std::collections::hash_map::DefaultHasher::new();
        canon_hash(v, &mut h, 0);
        h.finish()
    }

    pub(super) fn contains(&self, v: &Value) -> bool {
        self.buckets
            .get(&Self::key(v))
            .is_some_and(|b| b.iter().any(|x| tf_eq(x, v) == Some(true)))
    }

    /// Adds `v`; false when an equal value was already there.
    pub(super) fn insert(&mut self, v: &Value) -> bool {
        let bucket = self.buckets.entry(Self::key(v)).or_default();
        if bucket.iter().any(|x| tf_eq(x, v) == Some(true)) {
            return false;
        }
        bucket.push(v.clone());
        true
    }
}

/// A list whose primitive elements mix strings with numbers or bools becomes a list of
/// strings, as Terraform unifies `list(string)`.
pub(super) fn unify(items: Vec<Value>) -> Vec<Value> {
    let has_string = items
        .iter()
        .any(|v| matches!(v, Value::String(_) | Value::Partial(_)));
    let has_other = items
        .iter()
        .any(|v| matches!(v, Value::Number(_) | Value::Bool(_)));
    if !(has_string && has_other) {
        return items;
    }
    items
        .into_iter()
        .map(|v| match v {
            Value::Number(n) => Value::string(format_number(n)),
            Value::Bool(b) => Value::string(if b { "true" } else { "false" }),
            other => other,
        })
        .collect()
}

/// Sort and deduplicate known primitive elements the way Terraform orders sets: strings
/// lexically, numbers numerically, false before true. Elements that are not known
/// primitives keep their order after the sorted ones.
pub(super) fn set_normalize(items: Vec<Value>) -> Vec<Value> {
    let items = unify(items);
    let mut known: Vec<Value> = Vec::new();
    let mut rest: Vec<Value> = Vec::new();
    let mut seen = Seen::default();
    for v in items {
        if v.is_wholly_known() && !seen.insert(&v) {
            continue;
        }
        match v {
            Value::String(_) | Value::Number(_) | Value::Bool(_) => known.push(v),
            other => rest.push(other),
        }
    }
    known.sort_by(|a, b| match (a, b) {
        (Value::String(x), Value::String(y)) => x.cmp(y),
        (Value::Number(x), Value::Number(y)) => x.total_cmp(y),
        (Value::Bool(x), Value::Bool(y)) => x.cmp(y),
        _ => rank(a).cmp(&rank(b)),
    });
    known.dedup();
    known.extend(rest);
    known
}

fn rank(v: &Value) -> u8 {
    match v {
        Value::Bool(_) => 0,
        Value::Number(_) => 1,
        _ => 2,
    }
}

//! `data "aws_iam_policy_document"` rendered to the JSON the provider would produce, so that
//! rules see one shape for every way of writing a policy.

use super::value::{json_decode, json_encode, Map, Value};

/// Add `json` and `minified_json` to the data source's evaluated values.
pub fn render(values: &Value) -> Value {
    let doc = document(values);
    let json = json_encode(&doc);
    let mut m = values.as_object().cloned().unwrap_or_default();
    m.insert("json".into(), json.clone());
    m.insert("minified_json".into(), json);
    Value::object(m)
}

/// The policy document as a value: `{Version, Id?, Statement: [...]}`.
///
/// As the provider merges documents (source documents, then this one, then the overrides):
/// statements with the same Sid replace earlier ones, the last non-empty `Id` wins and the
/// highest `Version` (found by the oracle: a source document's `Id` is kept).
pub fn document(values: &Value) -> Value {
    let mut statements: Vec<Value> = Vec::new();
    let mut id: Option<Value> = None;
    let mut version: Option<Value> = None;
    let adopt = |doc: &Value, id: &mut Option<Value>, version: &mut Option<Value>| {
        if let Some(i) = doc
            .get("Id")
            .filter(|v| !v.is_null() && v.as_str() != Some(""))
        {
            *id = Some(i);
        }
        if let Some(v) = doc.get("Version").filter(|v| !v.is_null()) {
            let newer = match (&*version, v.as_str()) {
                (Some(cur), Some(new)) => cur.as_str().is_some_and(|c| new > c),
                (None, _) => true,
                _ => false,
            };
            if newer {
                *version = Some(v);
            }
        }
    };
    for src in list(values.get("source_policy_documents")) {
        if let Ok(doc) = json_decode(&src) {
            adopt(&doc, &mut id, &mut version);
        }
        for s in statements_of(&src) {
            merge_statement(&mut statements, s);
        }
    }
    let mut own = Map::new();
    own.insert(
        "Version".into(),
        values
            .get("version")
            .filter(|v| !v.is_null())
            .unwrap_or_else(|| Value::string("2012-10-17")),
    );
    if let Some(i) = values.get("policy_id").filter(|v| !v.is_null()) {
        own.insert("Id".into(), i);
    }
    adopt(&Value::object(own), &mut id, &mut version);
    for s in values.blocks("statement") {
        let rendered = statement(&s);
        merge_statement(&mut statements, rendered);
    }
    for over in list(values.get("override_policy_documents")) {
        if let Ok(doc) = json_decode(&over) {
            adopt(&doc, &mut id, &mut version);
        }
        for s in statements_of(&over) {
            merge_statement(&mut statements, s);
        }
    }
    let mut doc = Map::new();
    doc.insert(
        "Version".into(),
        version.unwrap_or_else(|| Value::string("2012-10-17")),
    );
    if let Some(i) = id {
        doc.insert("Id".into(), i);
    }
    doc.insert("Statement".into(), Value::list(statements));
    Value::object(doc)
}

fn list(v: Option<Value>) -> Vec<Value> {
    match v {
        Some(Value::List(items)) => items.to_vec(),
        Some(v @ Value::Unknown(_)) => vec![v],
        _ => vec![],
    }
}

/// The statements of a policy document: JSON text (with unknown parts), a decoded object, or
/// a `data.aws_iam_policy_document`'s values. `Action`, `NotAction`, `Resource` and
/// `NotResource` are always lists.
pub fn statements(policy: &Value) -> Result<Value, String> {
    let doc = match policy {
        Value::Null => return Ok(Value::list(vec![])),
        Value::Unknown(_) => return Ok(policy.clone()),
        Value::String(_) | Value::Partial(_) => {
            json_decode(policy).map_err(|e| format!("not a JSON policy document: {e}"))?
        }
        Value::Object(m) if !m.contains_key("Statement") && m.contains_key("json") => {
            return statements(&m["json"]);
        }
        Value::Object(_) => policy.clone(),
        other => {
            return Err(format!(
                "expected a policy document (JSON text or an object), got {}",
                other.type_name()
            ))
        }
    };
    let list = match doc.get("Statement") {
        None | Some(Value::Null) => vec![],
        Some(Value::List(items)) => items.to_vec(),
        Some(v @ Value::Object(_)) => vec![v],
        Some(v @ Value::Unknown(_)) => return Ok(v),
        Some(v) => return Err(format!("`Statement` is a {}", v.type_name())),
    };
    let norm = list
        .into_iter()
        .map(|s| match s {
            Value::Object(m) => {
                let mut m: Map = (*m).clone();
                for k in ["Action", "NotAction", "Resource", "NotResource"] {
                    if let Some(v) = m.get(k) {
                        if matches!(v, Value::String(_) | Value::Partial(_) | Value::Unknown(_)) {
                            let v = v.clone();
                            m.insert(k.to_string(), Value::list(vec![v]));
                        }
                    }
                }
                Value::object(m)
            }
            other => other,
        })
        .collect();
    Ok(Value::list(norm))
}

/// Statements of a JSON policy document given as text (or unknown).
fn statements_of(doc_text: &Value) -> Vec<Value> {
    match json_decode(doc_text) {
        Ok(doc) => match doc.get("Statement") {
            Some(Value::List(items)) => items.to_vec(),
            Some(v @ Value::Object(_)) => vec![v],
            Some(v @ Value::Unknown(_)) => vec![v],
            _ => vec![],
        },
        Err(_) => vec![Value::unknown_of(&[doc_text])],
    }
}

/// Statements with the same non-empty Sid replace earlier ones, as the provider does.
fn merge_statement(statements: &mut Vec<Value>, s: Value) {
    let sid = s
        .get("Sid")
        .and_then(|v| v.as_str().map(str::to_string))
        .filter(|s| !s.is_empty());
    if let Some(sid) = sid {
        if let Some(existing) = statements.iter_mut().find(|x| {
            x.get("Sid")
                .and_then(|v| v.as_str().map(str::to_string))
                .as_deref()
                == Some(&sid)
        }) {
            *existing = s;
            return;
        }
    }
    statements.push(s);
}

fn statement(s: &Value) -> Value {
    if s.is_unknown() {
        return s.clone();
    }
    let mut m = Map::new();
    if let Some(sid) = s
        .get("sid")
        .filter(|v| !v.is_null() && v.as_str() != Some(""))
    {
        m.insert("Sid".into(), sid);
    }
    m.insert(
        "Effect".into(),
        s.get("effect")
            .filter(|v| !v.is_null())
            .unwrap_or_else(|| Value::string("Allow")),
    );
    for (attr, key) in [
        ("actions", "Action"),
        ("not_actions", "NotAction"),
        ("resources", "Resource"),
        ("not_resources", "NotResource"),
    ] {
        if let Some(v) = s.get(attr).filter(|v| !v.is_null()) {
            m.insert(key.into(), string_set(&v, true));
        }
    }
    for (attr, key) in [
        ("principals", "Principal"),
        ("not_principals", "NotPrincipal"),
    ] {
        let blocks = s.blocks(attr);
        if !blocks.is_empty() {
            m.insert(key.into(), principals(&blocks));
        }
    }
    let conds = s.blocks("condition");
    if !conds.is_empty() {
        m.insert("Condition".into(), conditions(&conds));
    }
    Value::object(m)
}

/// A set of strings as the provider writes it: one element as a string, else a list, in
/// reverse lexical order when `reverse_sorted` (as the provider sorts actions, resources and
/// principal identifiers), else in the order given (condition values).
fn string_set(v: &Value, reverse_sorted: bool) -> Value {
    match v {
        Value::List(items) => {
            // The provider's schema says set of strings: `values = [86400]` is "86400".
            let mut items: Vec<Value> = items
                .iter()
                .map(|i| match i {
                    Value::Number(_) | Value::Bool(_) => {
                        crate::terraform::types::convert(i, &crate::terraform::types::Type::String)
                            .unwrap_or_else(|_| i.clone())
                    }
                    _ => i.clone(),
                })
                .collect();
            if reverse_sorted && items.iter().all(|i| i.as_str().is_some()) {
                items.sort_by(|a, b| b.as_str().cmp(&a.as_str()));
                items.dedup();
            }
            if items.len() == 1 {
                items.pop().unwrap_or(Value::Null)
            } else {
                Value::list(items)
            }
        }
        other => other.clone(),
    }
}

fn principals(blocks: &[Value]) -> Value {
    let mut m = Map::new();
    for b in blocks {
        let Some(ty) = b.get("type").and_then(|t| t.as_str().map(str::to_string)) else {
            return Value::unknown_of(&[b]);
        };
        if ty == "*" {
            return Value::string("*");
        }
        // Each block's identifiers are sorted on their own, then appended to those of earlier
        // blocks of the same type (found by the oracle: `[b]` then `[a, c]` gives `[b, c, a]`).
        let ids = string_set(&b.get("identifiers").unwrap_or(Value::Null), true);
        let merged = match (m.remove(&ty), ids) {
            (None, ids) => ids,
            (Some(prev), new) => {
                let mut all = match prev {
                    Value::List(p) => p.to_vec(),
                    p => vec![p],
                };
                match new {
                    Value::List(n) => all.extend(n.iter().cloned()),
                    n => all.push(n),
                }
                Value::list(all)
            }
        };
        m.insert(ty, merged);
    }
    Value::object(m)
}

fn conditions(blocks: &[Value]) -> Value {
    let mut m: Map = Map::new();
    for b in blocks {
        let (Some(test), Some(var)) = (
            b.get("test").and_then(|t| t.as_str().map(str::to_string)),
            b.get("variable")
                .and_then(|t| t.as_str().map(str::to_string)),
        ) else {
            return Value::unknown_of(&[b]);
        };
        let values = string_set(&b.get("values").unwrap_or(Value::Null), false);
        let mut inner = m
            .get(&test)
            .and_then(|v| v.as_object().cloned())
            .unwrap_or_default();
        inner.insert(var, values);
        m.insert(test, Value::object(inner));
    }
    Value::object(m)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings(v: &[&str]) -> Value {
        Value::list(v.iter().map(|s| Value::string(*s)).collect())
    }

    /// Found by the oracle (tests/it/oracle.rs): the provider writes actions, resources and
    /// principal identifiers in reverse lexical order (`sort.Reverse` in the provider), and
    /// condition values in the order given; `terraform plan` rendered
    /// `["sts:TagSession","sts:AssumeRole"]` and `["eu-west-1","eu-central-1","us-east-1"]`.
    #[test]
    fn numbers_and_bools_in_string_sets_are_strings() {
        let v = Value::list(vec![Value::Number(86400.0), Value::Bool(true)]);
        assert_eq!(string_set(&v, false), strings(&["86400", "true"]));
    }

    #[test]
    fn string_sets_use_the_provider_order() {
        assert_eq!(
            string_set(&strings(&["sts:AssumeRole", "sts:TagSession"]), true),
            strings(&["sts:TagSession", "sts:AssumeRole"])
        );
        assert_eq!(
            string_set(&strings(&["b", "c", "a"]), false),
            strings(&["b", "c", "a"])
        );
        assert_eq!(string_set(&strings(&["a", "a"]), true), Value::string("a"));
    }

    fn block(ty: &str, ids: &[&str]) -> Value {
        let mut m = Map::new();
        m.insert("type".into(), Value::string(ty));
        m.insert("identifiers".into(), strings(ids));
        Value::object(m)
    }

    /// Found by the oracle: identifiers are sorted per block and appended block by block.
    #[test]
    fn principals_merge_block_by_block() {
        let p = principals(&[block("AWS", &["b"]), block("AWS", &["a", "c"])]);
        assert_eq!(p.get("AWS"), Some(strings(&["b", "c", "a"])));
    }

    /// Found by the oracle: a source document's Id is kept when the data source has no
    /// policy_id.
    #[test]
    fn source_document_id_is_kept() {
        let mut m = Map::new();
        m.insert(
            "source_policy_documents".into(),
            Value::list(vec![Value::string(
                r#"{"Version":"2012-10-17","Id":"src","Statement":[]}"#,
            )]),
        );
        let doc = document(&Value::object(m));
        assert_eq!(doc.get("Id"), Some(Value::string("src")));
    }
}

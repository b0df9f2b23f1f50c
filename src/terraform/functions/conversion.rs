//! Type conversion (Terraform's `lang/funcs/conversion.go`): `tolist`, `toset`, `tomap`,
//! `tostring`, `tonumber`, `tobool`.

use super::equality::{set_normalize, unify};
use super::*;

pub(super) const FUNCS: &[Builtin] = &[
    Builtin::new("tolist", 1, 1, |_, a, _| to_list(&a[0], false)),
    Builtin::new("toset", 1, 1, |_, a, _| to_list(&a[0], true)),
    Builtin::new("tomap", 1, 1, |_, a, _| to_map(&a[0])),
    Builtin::new("tostring", 1, 1, |_, a, _| to_string(&a[0])),
    Builtin::new("tonumber", 1, 1, |_, a, _| to_number(&a[0])),
    Builtin::new("tobool", 1, 1, |_, a, _| to_bool(&a[0])),
];

fn to_string(v: &Value) -> FnResult<Value> {
    match v {
        Value::Null | Value::String(_) | Value::Partial(_) | Value::Unknown(_) => Ok(v.clone()),
        Value::Number(n) => Ok(Value::string(format_number(*n))),
        Value::Bool(b) => Ok(Value::string(if *b { "true" } else { "false" })),
        other => invalid(format!("cannot convert {} to string", type_desc(other))),
    }
}

fn to_number(v: &Value) -> FnResult<Value> {
    match v {
        Value::Null => Ok(Value::Null),
        Value::Number(_) => Ok(v.clone()),
        Value::String(s) => parse_number(s)
            .map(Value::Number)
            .ok_or_else(|| bad(format!("cannot convert {:?} to number", &**s))),
        Value::Unknown(_) | Value::Partial(_) => Err(Flow::Unknown),
        other => invalid(format!("cannot convert {} to number", type_desc(other))),
    }
}

fn to_bool(v: &Value) -> FnResult<Value> {
    match v {
        Value::Null => Ok(Value::Null),
        Value::Bool(_) => Ok(v.clone()),
        Value::String(s) if &**s == "true" => Ok(Value::Bool(true)),
        Value::String(s) if &**s == "false" => Ok(Value::Bool(false)),
        Value::String(s) => invalid(format!("cannot convert {:?} to bool", &**s)),
        Value::Unknown(_) | Value::Partial(_) => Err(Flow::Unknown),
        other => invalid(format!("cannot convert {} to bool", type_desc(other))),
    }
}

fn to_list(v: &Value, set: bool) -> FnResult<Value> {
    match v {
        Value::Null => Ok(Value::Null),
        Value::Unknown(_) => Ok(v.clone()),
        Value::List(items) => Ok(Value::list(if set {
            guard("toset", &[v])?;
            set_normalize(items.to_vec())
        } else {
            unify(items.to_vec())
        })),
        other => invalid(format!(
            "cannot convert {} to {}",
            type_desc(other),
            if set { "set" } else { "list" }
        )),
    }
}

fn to_map(v: &Value) -> FnResult<Value> {
    match v {
        Value::Null => Ok(Value::Null),
        Value::Unknown(_) => Ok(v.clone()),
        Value::Object(m) => {
            let keys: Vec<String> = m.keys().cloned().collect();
            let vals = unify(m.values().cloned().collect());
            Ok(Value::object(keys.into_iter().zip(vals).collect()))
        }
        Value::Resource(_) => Err(Flow::Unknown),
        other => invalid(format!("cannot convert {} to map", type_desc(other))),
    }
}

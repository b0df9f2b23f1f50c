//! Helpers for the unit tests of every family.

use super::*;

pub(super) fn cx() -> FnCtx {
    FnCtx::new(std::env::current_dir().unwrap())
}
pub(super) fn s(x: &str) -> Value {
    Value::string(x)
}
pub(super) fn n(x: f64) -> Value {
    Value::Number(x)
}
pub(super) fn b(x: bool) -> Value {
    Value::Bool(x)
}
pub(super) fn l(items: Vec<Value>) -> Value {
    Value::list(items)
}
pub(super) fn strs(items: &[&str]) -> Value {
    l(items.iter().map(|x| s(x)).collect())
}
pub(super) fn nums(items: &[f64]) -> Value {
    l(items.iter().map(|x| n(*x)).collect())
}
pub(super) fn obj(pairs: &[(&str, Value)]) -> Value {
    Value::object(
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.clone()))
            .collect(),
    )
}
pub(super) fn unk(origin: &str) -> Value {
    Value::unknown_from(Origin::new(origin))
}
pub(super) fn arc(v: &Value) -> Arc<Unknown> {
    match v {
        Value::Unknown(u) => u.clone(),
        _ => panic!("not unknown"),
    }
}
pub(super) fn partial(parts: Vec<Part>) -> Value {
    concat_parts(parts)
}
pub(super) fn lit(x: &str) -> Part {
    Part::Lit(x.to_string())
}
pub(super) fn ok(name: &str, args: &[Value]) -> Value {
    match call(name, args, &mut cx()) {
        Ok(v) => v,
        Err(e) => panic!("{name}({args:?}) failed: {e}"),
    }
}
pub(super) fn err(name: &str, args: &[Value]) -> String {
    match call(name, args, &mut cx()) {
        Ok(v) => panic!("{name}({args:?}) should fail, got {v:?}"),
        Err(FnError::Invalid(m)) => m,
        Err(FnError::Unsupported) => "unsupported".into(),
    }
}
pub(super) fn origins(v: &Value) -> Vec<String> {
    let mut o = Vec::new();
    v.collect_origins(&mut o);
    o.iter().map(|o| o.text.to_string()).collect()
}

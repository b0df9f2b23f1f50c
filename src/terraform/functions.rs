//! Temporary minimal function table; replaced by the full library.

use std::path::PathBuf;

use super::value::{self, Value};

pub struct FnCtx {
    pub boundary: PathBuf,
    pub max_string_len: usize,
    pub max_collection_len: usize,
    pub warnings: Vec<String>,
}

pub enum FnError {
    Unsupported,
    Invalid(String),
}

pub fn call(name: &str, args: &[Value], _cx: &mut FnCtx) -> Result<Value, FnError> {
    match (name, args) {
        ("jsonencode", [v]) => Ok(value::json_encode(v)),
        ("jsondecode", [v]) => value::json_decode(v).map_err(FnError::Invalid),
        ("merge", _) => {
            let mut m = value::Map::new();
            for a in args {
                if let Some(o) = a.as_object() {
                    m.extend(o.iter().map(|(k, v)| (k.clone(), v.clone())));
                }
            }
            Ok(Value::object(m))
        }
        _ => Err(FnError::Unsupported),
    }
}

pub fn read_file_in_tree(path: &str, _cx: &mut FnCtx) -> Result<String, FnError> {
    std::fs::read_to_string(path).map_err(|e| FnError::Invalid(e.to_string()))
}

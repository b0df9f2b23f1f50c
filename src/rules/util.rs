//! Small helpers shared by the rules.

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
    let Some(v) = from.attr(attr) else {
        return false;
    };
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

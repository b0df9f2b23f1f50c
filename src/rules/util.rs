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
    from.attr(attr)
        .is_some_and(|v| value_refers_to(from, attr, &v, target))
}

/// Does `v`, read from the top-level attribute `attr` of `from` (or a part of it), refer to
/// `target`? Its own origins when it names resources; else, while part of it is unknown, the
/// reference graph of `attr`. The one "refers to" check: built-in and custom rules use it.
pub fn value_refers_to(from: &Instance, attr: &str, v: &Value, target: &Instance) -> bool {
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

/// The resource of an unknown that comes from some resource, nobody can say which (a plan
/// without its `configuration`, or a reference through a local value).
pub const ANY_RESOURCE: &str = "*[*]";

/// Might `v` point at `target` without saying so for sure? It comes from one of several
/// instances of `target`'s block and nothing says which (`aws_sqs_queue.dlq[*]`: a plan's
/// `aws_sqs_queue.dlq[count.index]`), or from [`ANY_RESOURCE`]. Module keys are not compared.
pub fn may_point_to(v: &Value, target: &Instance) -> bool {
    let block = format!("{}[*]", without_keys(&target.address));
    v.referenced_resources().iter().any(|r| {
        **r == *ANY_RESOURCE
            || (r.ends_with("[*]") && without_keys(r.trim_end_matches("[*]")) + "[*]" == block)
    })
}

/// An address without its instance keys (`module.a.aws_x.y` of `module.a["k"].aws_x.y[0]`).
fn without_keys(address: &str) -> String {
    let mut out = String::new();
    let (mut depth, mut in_str, mut esc) = (0usize, false, false);
    for c in address.chars() {
        match (in_str, esc, c) {
            (true, true, _) => esc = false,
            (true, false, '\\') => esc = true,
            (true, false, '"') => in_str = false,
            (true, ..) => {}
            (false, _, '"') if depth > 0 => in_str = true,
            (false, _, '[') => depth += 1,
            (false, _, ']') => depth = depth.saturating_sub(1),
            (false, ..) if depth == 0 => out.push(c),
            _ => {}
        }
    }
    out
}

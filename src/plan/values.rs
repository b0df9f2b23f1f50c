//! Planned values as the rules read them: `change.after` with the unknowns of
//! `change.after_unknown`, pruned of what the configuration does not set.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value as Json;

use crate::terraform::{Origin, Unknown, Value};

/// Where each argument's unknowns come from: the origins the configuration's references
/// give (`module.s3.aws_s3_bucket.b.id`), by top-level argument name.
pub type Origins = BTreeMap<String, Vec<Origin>>;

/// A planned value with its unknowns (`after_unknown`) as unknown values. An unknown keeps
/// the origins of its argument's references, so rules can pair resources through it; an
/// argument without any names only itself, and refers to no resource.
pub fn plan_value(after: &Json, unknown: &Json, address: &str, origins: &Origins) -> Value {
    value_at(after, unknown, address, "", origins, 0)
}

/// Nesting a planned value may have (serde_json stops at 128 already).
const MAX_NESTING: usize = 256;

fn unknown_at(address: &str, path: &str, origins: &Origins) -> Value {
    let top = path.split(['.', '[']).next().unwrap_or_default();
    match origins.get(top).filter(|o| !o.is_empty()) {
        Some(o) => Value::Unknown(std::sync::Arc::new(Unknown {
            origins: o.clone(),
            ..Default::default()
        })),
        None => unknown_computed(address, path),
    }
}

/// An unknown nothing in the configuration explains: computed by this resource, or from some
/// resource the plan does not name (a plan without `configuration`, a local value).
pub fn unknown_computed(address: &str, path: &str) -> Value {
    Value::Unknown(std::sync::Arc::new(Unknown {
        origins: vec![
            Origin::resource(address, path),
            Origin {
                text: "a resource the plan does not name".into(),
                resource: Some(crate::rules::util::ANY_RESOURCE.into()),
            },
        ],
        ..Default::default()
    }))
}

fn value_at(
    after: &Json,
    unknown: &Json,
    address: &str,
    path: &str,
    origins: &Origins,
    depth: usize,
) -> Value {
    if unknown == &Json::Bool(true) || depth > MAX_NESTING {
        return unknown_at(address, path, origins);
    }
    let join = |k: &str| {
        if path.is_empty() {
            k.to_string()
        } else {
            format!("{path}.{k}")
        }
    };
    let at = |v: &Json, u: &Json, p: &str| value_at(v, u, address, p, origins, depth + 1);
    match after {
        Json::Object(m) => {
            let mut out: BTreeMap<String, Value> = m
                .iter()
                .map(|(k, v)| {
                    let u = unknown.get(k).unwrap_or(&Json::Null);
                    (k.clone(), at(v, u, &join(k)))
                })
                .collect();
            // `after` leaves out what is unknown.
            if let Some(um) = unknown.as_object() {
                for (k, u) in um {
                    if !out.contains_key(k) && u != &Json::Bool(false) {
                        out.insert(k.clone(), at(&Json::Null, u, &join(k)));
                    }
                }
            }
            Value::object(out)
        }
        Json::Array(items) => Value::list(
            items
                .iter()
                .enumerate()
                .map(|(i, v)| {
                    let u = unknown.get(i).unwrap_or(&Json::Null);
                    at(v, u, &format!("{path}[{i}]"))
                })
                .collect(),
        ),
        Json::Null => match unknown {
            Json::Object(_) => at(&Json::Object(Default::default()), unknown, path),
            Json::Array(items) => at(&Json::Array(vec![Json::Null; items.len()]), unknown, path),
            _ => Value::Null,
        },
        other => Value::from_json(other),
    }
}

/// Drop what the configuration does not set, so that a planned instance reads like a
/// statically evaluated one: attributes absent from `stat` (the static values) or from
/// `configured` (the arguments of the plan's `configuration`) that are unknown (computed by
/// the provider) or empty (`null`, `[]`, `""`: unset). Known, non-empty values stay: they are
/// what the plan adds.
pub fn prune(v: Value, stat: Option<&Value>, configured: Option<&BTreeSet<String>>) -> Value {
    fn empty(v: &Value) -> bool {
        match v {
            Value::Null => true,
            Value::List(items) => items.is_empty(),
            Value::String(s) => s.is_empty(),
            _ => false,
        }
    }
    match v {
        Value::Object(m) => {
            let mut out = BTreeMap::new();
            for (k, x) in m.iter() {
                // An argument set to null is unset, as in Terraform.
                let s = stat.and_then(|s| s.get(k)).filter(|s| !s.is_null());
                let is_configured = s.is_some() || configured.is_some_and(|c| c.contains(k));
                let known_unset = configured.is_some() || stat.is_some();
                if !is_configured && (empty(x) || (known_unset && !x.is_wholly_known())) {
                    continue;
                }
                out.insert(k.clone(), prune(x.clone(), s.as_ref(), None));
            }
            Value::object(out)
        }
        Value::List(items) => {
            let si = stat.and_then(|s| s.as_list().map(<[Value]>::to_vec));
            Value::list(
                items
                    .iter()
                    .enumerate()
                    .map(|(i, x)| {
                        let s = si.as_ref().and_then(|si| si.get(i));
                        match x {
                            Value::Object(_) => prune(x.clone(), s, None),
                            _ => x.clone(),
                        }
                    })
                    .collect(),
            )
        }
        other => other,
    }
}

/// Whether two lists hold the same elements in the same places: known where the other is
/// known, and equal there.
fn aligned(planned: &[Value], stat: &[Value]) -> bool {
    planned.iter().zip(stat).all(|(p, s)| {
        p.is_wholly_known() == s.is_wholly_known() && (!p.is_wholly_known() || p == s)
    })
}

/// Where the plan has an unknown and static evaluation has an unknown (or partly unknown)
/// value at the same place, keep the static one: it is just as unknown, but remembers where
/// it comes from and any known text around it.
pub fn merge_static(planned: Value, stat: Option<&Value>) -> Value {
    let Some(s) = stat else {
        return planned;
    };
    match planned {
        Value::Unknown(_) if !s.is_wholly_known() => s.clone(),
        Value::Object(m) => {
            let merged = m
                .iter()
                .map(|(k, v)| (k.clone(), merge_static(v.clone(), s.get(k).as_ref())))
                .collect();
            Value::object(merged)
        }
        Value::List(items) => match s.as_list() {
            Some(si) if si.len() == items.len() && aligned(&items, si) => Value::list(
                items
                    .iter()
                    .zip(si)
                    .map(|(p, s)| merge_static(p.clone(), Some(s)))
                    .collect(),
            ),
            // A set: the plan sorts its elements, static evaluation keeps the written order.
            // Known elements are the plan's; each unknown one takes the next unknown static
            // element, which remembers where it comes from.
            Some(si) if si.len() == items.len() => {
                let mut unknown_static = si.iter().filter(|s| !s.is_wholly_known());
                Value::list(
                    items
                        .iter()
                        .map(|p| match p.is_wholly_known() {
                            true => p.clone(),
                            false => unknown_static
                                .next()
                                .map_or_else(|| p.clone(), |s| merge_static(p.clone(), Some(s))),
                        })
                        .collect(),
                )
            }
            _ => Value::List(items),
        },
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;

    fn arn_of(resource: &str) -> Value {
        Value::unknown_from(Origin {
            text: format!("{resource}.arn").into(),
            resource: Some(resource.into()),
        })
    }

    /// A set the plan sorted (`[known, unknown]`) against the written order
    /// (`[unknown, known]`): the unknown keeps the static origin, the known stays the plan's.
    #[test]
    fn a_sorted_set_keeps_the_static_origins_of_its_unknowns() {
        let dlq = Value::string("arn:aws:sqs:us-east-1:123456789012:jobs-dlq");
        let planned = Value::list(vec![dlq.clone(), Value::unknown()]);
        let stat = Value::list(vec![arn_of("aws_sqs_queue.q"), dlq.clone()]);
        let merged = merge_static(planned, Some(&stat));
        let items = merged.as_list().unwrap().to_vec();
        assert_eq!(items[0], dlq);
        assert_eq!(
            items[1].referenced_resources(),
            vec![Arc::<str>::from("aws_sqs_queue.q")]
        );
    }

    /// Lists in the same order merge place by place.
    #[test]
    fn an_aligned_list_merges_by_position() {
        let planned = Value::list(vec![Value::unknown(), Value::string("b")]);
        let stat = Value::list(vec![arn_of("aws_s3_bucket.a"), Value::string("b")]);
        let merged = merge_static(planned, Some(&stat));
        assert_eq!(merged, stat);
    }
}

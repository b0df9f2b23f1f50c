//! PE006 cost-tags: every taggable resource carries the cost tags, counting its provider's
//! `default_tags`.

use std::collections::HashSet;
use std::sync::LazyLock;

use super::util::why_unknown;
use super::{Ctx, Rule, Verdict};
use crate::terraform::model::{merge_tags, without_ignored};
use crate::terraform::{Instance, Value};

pub struct CostTags;

const ID: &str = "PE006";

/// Resource types whose schema has a `tags` argument (provider 5.100.0 and 6.57.1 schemas;
/// see data/README.md for how the list was made).
static TAGGABLE: LazyLock<HashSet<&'static str>> = LazyLock::new(|| {
    include_str!("../../data/aws-taggable-resources.txt")
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .collect()
});

pub fn is_taggable(rtype: &str) -> bool {
    TAGGABLE.contains(rtype)
}

impl Rule for CostTags {
    fn id(&self) -> &'static str {
        ID
    }

    fn check(&self, cx: &Ctx<'_>) -> Vec<Verdict> {
        let mut out = Vec::new();
        for r in cx.all() {
            let asg = r.rtype == "aws_autoscaling_group";
            if r.mode != crate::terraform::Mode::Managed || !(is_taggable(&r.rtype) || asg) {
                continue;
            }
            out.push(check_resource(cx, r));
        }
        out
    }
}

/// What one possible set of effective tags says.
enum Judged {
    Pass,
    Fail(String, String),
    Unresolved(String, String),
}

/// The effective tags a resource may end up with: one set when they are known, each set a
/// bounded unknown may be (`merge(local.tags, lookup(var.per_az, <unknown>, {}))`), `None`
/// when they may be anything.
fn possible_tag_sets(r: &Instance) -> Option<Vec<Value>> {
    if r.rtype == "aws_autoscaling_group" {
        return asg_tags(r).map(|t| vec![t]);
    }
    let own = r.attr("tags").unwrap_or(Value::Null);
    let defaults = &r.provider.default_tags;
    let (Some(owns), Some(default_sets)) = (own.possible_values(), defaults.possible_values())
    else {
        return None;
    };
    let mut out = Vec::new();
    for own in &owns {
        let own = match own {
            // The provider drops null tags, so a default of the same key stays.
            Value::Object(m) => Value::object(
                m.iter()
                    .filter(|(_, v)| !v.is_null())
                    .map(|(k, v)| (k.clone(), v.clone()))
                    .collect(),
            ),
            other => other.clone(),
        };
        for d in &default_sets {
            let tags = without_ignored(merge_tags(d, &own), &r.provider.ignore_tags);
            tags.as_object()?;
            out.push(tags);
        }
    }
    Some(out)
}

/// An autoscaling group is tagged by `tag { key, value }` blocks, and the provider's
/// `default_tags` do not apply to it (provider documentation): those blocks are its tags.
/// `None` when a key is unknown (a `dynamic "tag"` over an unknown collection).
fn asg_tags(r: &Instance) -> Option<Value> {
    let mut m = crate::terraform::value::Map::new();
    // `tags = [{ key, value, propagate_at_launch }]`: the same, as provider 3.x wrote it.
    let legacy = match r.attr("tags") {
        None | Some(Value::Null) => vec![],
        Some(Value::List(items)) => items.to_vec(),
        Some(_) => return None,
    };
    for block in r.values.blocks("tag").into_iter().chain(legacy) {
        let key = block.get("key")?;
        let key = key.as_str()?;
        let value = block.get("value").unwrap_or(Value::Null);
        m.insert(key.to_string(), value);
    }
    Some(without_ignored(Value::object(m), &r.provider.ignore_tags))
}

fn check_resource(cx: &Ctx<'_>, r: &Instance) -> Verdict {
    let at = if r.has_loc("tags") {
        "tags"
    } else if r.has_loc("tag[0]") {
        "tag[0]"
    } else {
        ""
    };
    let Some(sets) = possible_tag_sets(r) else {
        let tags = r.effective_tags();
        return cx.unresolved(
            ID,
            r,
            at,
            format!(
                "{}: the tags cannot be resolved statically: {}",
                r.address,
                why_unknown(&tags)
            ),
            "make the tags (or the provider's default_tags) resolvable",
        );
    };
    let judged: Vec<Judged> = sets.iter().map(|t| judge(cx, r, t)).collect();
    let several = if judged.len() > 1 {
        format!(
            " (in each of the {} tag sets the unknown values may give)",
            judged.len()
        )
    } else {
        String::new()
    };
    if judged.iter().all(|j| matches!(j, Judged::Pass)) {
        return cx.pass(ID, r, "all cost tags present");
    }
    if judged.iter().all(|j| matches!(j, Judged::Fail(..))) {
        if let Some(Judged::Fail(message, fix)) = judged.first() {
            return cx.fail(ID, r, at, format!("{message}{several}"), fix);
        }
    }
    let (message, fix) = judged
        .iter()
        .find_map(|j| match j {
            Judged::Unresolved(m, f) => Some((m.clone(), f.clone())),
            _ => None,
        })
        .unwrap_or_else(|| {
            (
                format!(
                    "{}: the cost tags are present in some of the {} tag sets the unknown values may give and missing in others: {}",
                    r.address,
                    judged.len(),
                    why_unknown(&r.attr("tags").unwrap_or(Value::Null))
                ),
                "make the tags resolvable".to_string(),
            )
        });
    cx.unresolved(ID, r, at, message, &fix)
}

/// The verdict on one known set of effective tags.
fn judge(cx: &Ctx<'_>, r: &Instance, tags: &Value) -> Judged {
    let Some(map) = tags.as_object() else {
        return Judged::Unresolved(
            format!(
                "{}: the tags cannot be resolved statically: {}",
                r.address,
                why_unknown(tags)
            ),
            "make the tags resolvable".into(),
        );
    };
    let mut missing = Vec::new();
    let mut unknown = Vec::new();
    let mut bad_value = Vec::new();
    for key in &cx.settings.required_tags {
        match map.get(key) {
            None | Some(Value::Null) => missing.push(key.clone()),
            Some(Value::String(s)) if s.trim().is_empty() => missing.push(key.clone()),
            Some(v) if !v.is_wholly_known() => unknown.push((key.clone(), v.clone())),
            Some(v) => {
                if let (Some(allowed), Some(s)) = (cx.settings.tag_values.get(key), v.as_str()) {
                    if !allowed.is_empty() && !allowed.iter().any(|a| a == s) {
                        bad_value.push(format!("{key} = {s:?} (allowed: {})", allowed.join(", ")));
                    }
                }
            }
        }
    }
    let asg = r.rtype == "aws_autoscaling_group";
    let provider_note = if asg {
        " (the provider's default_tags do not apply to autoscaling groups)".to_string()
    } else if r.provider.default_tags.is_null() {
        format!(" (provider {} has no default_tags)", r.provider.key)
    } else {
        String::new()
    };
    if !missing.is_empty() {
        return Judged::Fail(
            format!(
                "{}: missing cost tag{} {}{provider_note}",
                r.address,
                if missing.len() > 1 { "s" } else { "" },
                missing.join(", ")
            ),
            if asg {
                format!("add a `tag` block for each of {}", missing.join(", "))
            } else {
                format!(
                    "add {} to the resource's tags or to the provider's default_tags",
                    missing.join(", ")
                )
            },
        );
    }
    if !bad_value.is_empty() {
        return Judged::Fail(
            format!(
                "{}: tag value not allowed: {}",
                r.address,
                bad_value.join("; ")
            ),
            "use one of the allowed values".into(),
        );
    }
    if let Some((k, v)) = unknown.first() {
        return Judged::Unresolved(
            format!(
                "{}: tag {k} cannot be resolved statically: {}",
                r.address,
                why_unknown(v)
            ),
            "make the tag value resolvable".into(),
        );
    }
    Judged::Pass
}

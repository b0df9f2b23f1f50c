//! PE006 cost-tags: every taggable resource carries the cost tags, counting its provider's
//! `default_tags`.

use std::collections::HashSet;
use std::sync::LazyLock;

use super::util::why_unknown;
use super::{Ctx, Rule, Verdict};
use crate::terraform::Value;

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
        let required = &cx.settings.required_tags;
        for r in cx.all() {
            if r.mode != crate::terraform::Mode::Managed || !is_taggable(&r.rtype) {
                continue;
            }
            let tags = r.effective_tags();
            let at = if r.has_loc("tags") { "tags" } else { "" };
            let Some(map) = tags.as_object() else {
                out.push(cx.unresolved(
                    ID,
                    r,
                    at,
                    format!(
                        "{}: the tags cannot be resolved statically: {}",
                        r.address,
                        why_unknown(&tags)
                    ),
                    "make the tags (or the provider's default_tags) resolvable",
                ));
                continue;
            };
            let mut missing = Vec::new();
            let mut unknown = Vec::new();
            let mut bad_value = Vec::new();
            for key in required {
                match map.get(key) {
                    None | Some(Value::Null) => missing.push(key.clone()),
                    Some(Value::String(s)) if s.trim().is_empty() => missing.push(key.clone()),
                    Some(v) if !v.is_wholly_known() => unknown.push((key.clone(), v.clone())),
                    Some(v) => {
                        if let (Some(allowed), Some(s)) =
                            (cx.settings.tag_values.get(key), v.as_str())
                        {
                            if !allowed.is_empty() && !allowed.iter().any(|a| a == s) {
                                bad_value.push(format!(
                                    "{key} = {s:?} (allowed: {})",
                                    allowed.join(", ")
                                ));
                            }
                        }
                    }
                }
            }
            let provider_note = if r.provider.default_tags.is_null() {
                format!(" (provider {} has no default_tags)", r.provider.key)
            } else {
                String::new()
            };
            if !missing.is_empty() {
                out.push(cx.fail(
                    ID,
                    r,
                    at,
                    format!(
                        "{}: missing cost tag{} {}{provider_note}",
                        r.address,
                        if missing.len() > 1 { "s" } else { "" },
                        missing.join(", ")
                    ),
                    &format!(
                        "add {} to the resource's tags or to the provider's default_tags",
                        missing.join(", ")
                    ),
                ));
            } else if !bad_value.is_empty() {
                out.push(cx.fail(
                    ID,
                    r,
                    at,
                    format!(
                        "{}: tag value not allowed: {}",
                        r.address,
                        bad_value.join("; ")
                    ),
                    "use one of the allowed values",
                ));
            } else if !unknown.is_empty() {
                let (k, v) = &unknown[0];
                out.push(cx.unresolved(
                    ID,
                    r,
                    at,
                    format!(
                        "{}: tag {k} cannot be resolved statically: {}",
                        r.address,
                        why_unknown(v)
                    ),
                    "make the tag value resolvable",
                ));
            } else {
                out.push(cx.pass(ID, r, "all cost tags present"));
            }
        }
        out
    }
}

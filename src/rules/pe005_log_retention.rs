//! PE005 log-retention: log groups keep logs for the environment's retention, and every
//! Lambda has a managed log group (otherwise Lambda creates one that never expires).

use std::sync::Arc;

use super::util::why_unknown;
use super::{Ctx, Rule, Verdict};
use crate::terraform::value::{
    concat_parts, format_number, string_parts, Part, Unknown, MAX_ONE_OF,
};
use crate::terraform::{Instance, Value};

pub struct LogRetention;

const ID: &str = "PE005";

impl Rule for LogRetention {
    fn id(&self) -> &'static str {
        ID
    }

    fn check(&self, cx: &Ctx<'_>) -> Vec<Verdict> {
        let groups: Vec<&Arc<Instance>> = cx.resources("aws_cloudwatch_log_group").collect();
        let mut out = Vec::new();
        for g in &groups {
            out.push(retention(cx, g));
        }
        for f in cx.resources("aws_lambda_function") {
            out.push(lambda_group(cx, f, &groups));
        }
        out
    }
}

/// Does a retention of `n` days meet the retention `want` of an environment?
fn fits(cx: &Ctx<'_>, n: f64, want: f64) -> bool {
    n == want || (cx.settings.retention_minimum && want > 0.0 && n >= want)
}

/// The retentions a value may be: `Some(None)` among them stands for a value that is not a
/// number (null leaves the retention unset: never expire). `None`: it may be anything.
fn possible_days(v: &Value) -> Option<Vec<Option<f64>>> {
    let values = v.possible_values()?;
    values
        .iter()
        .map(|c| match c.as_f64() {
            Some(n) => Some(Some(n)),
            None if c.is_wholly_known() => Some(None),
            None => None,
        })
        .collect()
}

fn retention(cx: &Ctx<'_>, g: &Instance) -> Verdict {
    let expected = cx
        .env
        .and_then(|e| cx.settings.retention_days.get(&e).copied());
    let value = g.attr("retention_in_days").filter(|v| !v.is_null());
    let Some(v) = value else {
        let (env, want) = match expected {
            Some(want) => (cx.env.map(|e| e.as_str()).unwrap_or("?"), Some(want)),
            None => ("", None),
        };
        let required = want
            .map(|w| format!(" ({env} requires {})", format_number(w)))
            .unwrap_or_default();
        return cx.fail(
            ID,
            g,
            "",
            format!(
                "{}: `retention_in_days` is not set, so logs never expire{required}",
                g.address
            ),
            &want.map(fix_for).unwrap_or_else(|| ENV_FIX.to_string()),
        );
    };
    match expected {
        Some(want) => retention_for_env(cx, g, &v, want),
        None => retention_any_env(cx, g, &v),
    }
}

const ENV_FIX: &str =
    "pass `--env dev|staging|prod`, or set `environment` in .pe-lint.hcl or as a root variable";

fn fix_for(n: f64) -> String {
    format!("set `retention_in_days = {}`", format_number(n))
}

fn shown(n: Option<f64>, v: &Value) -> String {
    n.map(format_number).unwrap_or_else(|| v.display())
}

/// The environment is known and has a retention: every value the attribute may have must be
/// that retention to pass; none may be to fail.
fn retention_for_env(cx: &Ctx<'_>, g: &Instance, v: &Value, want: f64) -> Verdict {
    let env = cx.env.map(|e| e.as_str()).unwrap_or("?");
    let want_s = format_number(want);
    let days = possible_days(v);
    let fitting = days.as_ref().map(|d| {
        d.iter()
            .filter(|n| n.is_some_and(|n| fits(cx, n, want)))
            .count()
    });
    match (days.as_deref(), fitting) {
        (Some(d), Some(k)) if k == d.len() => {
            cx.pass(ID, g, format!("retention {want_s} days ({env})"))
        }
        (Some(d), Some(0)) => cx.fail(
            ID,
            g,
            "retention_in_days",
            format!(
                "{}: `retention_in_days` is {}, {env} requires {want_s}",
                g.address,
                describe_days(d, v)
            ),
            &fix_for(want),
        ),
        _ => cx.unresolved(
            ID,
            g,
            "retention_in_days",
            format!(
                "{}: `retention_in_days` cannot be resolved statically: {}",
                g.address,
                why_unknown(v)
            ),
            &fix_for(want),
        ),
    }
}

/// `365`, or `one of 0, 365` for a bounded unknown.
fn describe_days(days: &[Option<f64>], v: &Value) -> String {
    match days {
        [n] => shown(*n, v),
        _ => format!(
            "one of {}",
            days.iter()
                .map(|n| n.map(format_number).unwrap_or_else(|| "null".into()))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}

/// The environment is unknown (or has no retention): a value that is no environment's
/// retention (0 = never expire, 1, 7, 365) fails whatever the environment is; one that fits
/// some environment is unresolved.
fn retention_any_env(cx: &Ctx<'_>, g: &Instance, v: &Value) -> Verdict {
    let wants: Vec<f64> = cx.settings.retention_days.values().copied().collect();
    if let Some(days) = possible_days(v) {
        let fits_some = |n: &Option<f64>| n.is_some_and(|n| wants.iter().any(|w| fits(cx, n, *w)));
        if !wants.is_empty() && !days.iter().any(fits_some) {
            let envs: Vec<String> = cx
                .settings
                .retention_days
                .iter()
                .map(|(e, w)| format!("{} {}", e.as_str(), format_number(*w)))
                .collect();
            return cx.fail(
                ID,
                g,
                "retention_in_days",
                format!(
                    "{}: `retention_in_days` is {}, which is no environment's retention ({}), so it is wrong whatever the environment is",
                    g.address,
                    describe_days(&days, v),
                    envs.join(", ")
                ),
                "set `retention_in_days` to the environment's retention",
            );
        }
    }
    let why = if v.is_wholly_known() || v.possible_values().is_some() {
        format!("the environment is unknown ({})", cx.env_source)
    } else {
        format!(
            "the environment is unknown ({}) and `retention_in_days` cannot be resolved statically: {}",
            cx.env_source,
            why_unknown(v)
        )
    };
    cx.unresolved(
        ID,
        g,
        "retention_in_days",
        format!("{}: {why}, so the required retention is unknown", g.address),
        ENV_FIX,
    )
}

/// The log group name a function writes to.
fn expected_group(f: &Instance) -> Value {
    if let Some(cfg) = f.values.blocks("logging_config").first() {
        if let Some(g) = cfg.get("log_group").filter(|v| !v.is_null()) {
            return g;
        }
    }
    let name = f.attr("function_name").unwrap_or(Value::Null);
    let mut parts = vec![Part::Lit("/aws/lambda/".into())];
    parts.extend(string_parts(&name).unwrap_or_else(|| vec![Part::Unknown(Arc::default())]));
    concat_parts(parts)
}

fn lambda_group(cx: &Ctx<'_>, f: &Instance, groups: &[&Arc<Instance>]) -> Verdict {
    let want = expected_group(f);
    let names: Vec<(Value, &Arc<Instance>)> = groups
        .iter()
        .map(|g| (g.attr("name").unwrap_or(Value::Null), *g))
        .collect();
    let fix = format!("add `resource \"aws_cloudwatch_log_group\"` with `name = {}` and the environment's retention", want.display());
    let same_name: Vec<&Arc<Instance>> = names
        .iter()
        .filter(|(n, g)| n.surely_equals(&want) || is_name_of(&want, g))
        .map(|(_, g)| *g)
        .collect();
    if let Some(g) = same_name.iter().find(|g| covers(f, g) == Some(true)) {
        return cx.pass(ID, f, format!("log group {}", g.address));
    }
    if let Some(g) = same_name.iter().find(|g| covers(f, g).is_none()) {
        return cx.unresolved(
            ID,
            f,
            "",
            format!(
                "{}: {} has the function's log group name, but {}",
                f.address,
                g.address,
                why_not_covering(f, g)
            ),
            &fix,
        );
    }
    if !want.is_wholly_known() {
        return cx.unresolved(
            ID,
            f,
            "",
            format!(
                "{}: the function's log group name cannot be resolved statically: {}",
                f.address,
                why_unknown(&want)
            ),
            &fix,
        );
    }
    if let Some((n, g)) = names
        .iter()
        .find(|(n, _)| !n.is_wholly_known() && could_match(n, &want))
    {
        return cx.unresolved(
            ID,
            f,
            "",
            format!("{}: the name of {} ({}) cannot be resolved, so it may be this function's log group", f.address, g.address, n.display()),
            &fix,
        );
    }
    cx.fail(
        ID,
        f,
        "",
        format!("{}: no aws_cloudwatch_log_group named {} in this configuration; Lambda would create one that never expires", f.address, want.display()),
        &fix,
    )
}

/// `logging_config.log_group = aws_cloudwatch_log_group.g.name` names group `g` even when
/// its name is known only after apply (`name_prefix`, or no name at all).
fn is_name_of(want: &Value, g: &Instance) -> bool {
    let Value::Unknown(u) = want else {
        return false;
    };
    let name = format!("{}.name", g.address);
    !u.derived && u.origins.len() == 1 && u.origins[0].text.as_ref() == name
}

/// Does a log group with the function's log group name hold the function's logs? Only when
/// it surely exists (its `count`/`for_each` is known) and is in the function's region and
/// account: the same provider configuration and the same `region` argument (provider 6).
/// `None`: not known.
fn covers(f: &Instance, g: &Instance) -> Option<bool> {
    if g.unresolved_expansion {
        return None;
    }
    let same_provider = f.provider.key == g.provider.key && f.provider.loc == g.provider.loc;
    if !same_provider {
        return None;
    }
    let region = |i: &Instance| i.attr("region").filter(|v| !v.is_null());
    match (region(f), region(g)) {
        (None, None) => Some(true),
        (Some(a), Some(b)) if a.surely_equals(&b) => Some(true),
        (Some(a), Some(b)) if a.is_wholly_known() && b.is_wholly_known() => Some(false),
        _ => None,
    }
}

fn why_not_covering(f: &Instance, g: &Instance) -> String {
    if g.unresolved_expansion {
        return "its `count`/`for_each` cannot be resolved, so it may not exist".to_string();
    }
    if f.provider.key != g.provider.key || f.provider.loc != g.provider.loc {
        return format!(
            "it is managed through provider {} and the function through {}: whether they are the same region and account is not known",
            g.provider.key, f.provider.key
        );
    }
    "its `region` differs from the function's or cannot be resolved, and Lambda writes to a group in its own region".to_string()
}

/// Could a partly unknown name equal `want`? When it is one of a few strings, one of them
/// must be `want`; otherwise its known prefix must match.
fn could_match(name: &Value, want: &Value) -> bool {
    let Some(w) = want.as_str() else { return false };
    if let Some(names) = possible_strings(name) {
        return names.iter().any(|n| n == w);
    }
    match name {
        Value::Partial(parts) => w.starts_with(&known_prefix(parts)),
        Value::Unknown(u) => !is_arn_attribute(u) || w.starts_with("arn:"),
        _ => false,
    }
}

/// The text a name surely begins with. An unknown `arn` attribute is an ARN, which begins
/// with "arn:": a group named `"/aws/lambda/${aws_lambda_function.f.arn}"` can never be the
/// function's group (red team, #20).
fn known_prefix(parts: &[Part]) -> String {
    let mut prefix = String::new();
    for p in parts {
        match p {
            Part::Lit(s) => prefix.push_str(s),
            Part::Unknown(u) => {
                if is_arn_attribute(u) {
                    prefix.push_str("arn:");
                }
                break;
            }
        }
    }
    prefix
}

/// A resource's own `arn` or `*_arn` attribute, not a value computed from it.
fn is_arn_attribute(u: &Unknown) -> bool {
    crate::rules::util::every_origin_attribute(u, crate::rules::util::is_arn_name)
}

/// The strings a value may be: a known string, the strings of a bounded unknown, or every
/// combination of a template's bounded pieces (at most [`MAX_ONE_OF`]). `None`: anything.
fn possible_strings(v: &Value) -> Option<Vec<String>> {
    let strings = |v: &Value| -> Option<Vec<String>> {
        v.possible_values()?
            .iter()
            .map(|c| c.to_template_string())
            .collect()
    };
    let Value::Partial(parts) = v else {
        return strings(v);
    };
    let mut out = vec![String::new()];
    for p in parts.iter() {
        let choices = match p {
            Part::Lit(s) => vec![s.clone()],
            Part::Unknown(u) => strings(&Value::Unknown(u.clone()))?,
        };
        if out.len() * choices.len() > MAX_ONE_OF {
            return None;
        }
        out = out
            .iter()
            .flat_map(|a| choices.iter().map(move |c| format!("{a}{c}")))
            .collect();
    }
    Some(out)
}

// ---------------------------------------------------------------------------------------------
// Evidence cells (the `evidence` block of rules/PE005-log-retention.hcl)

/// The retention in days, saying when the group never expires (not set, or 0).
pub(super) fn retention_cells(t: &super::evidence::Rows<'_>) -> Vec<super::evidence::Cell> {
    use super::evidence::{show, text};
    t.rows
        .iter()
        .map(|(_, g)| {
            text(match g.attr("retention_in_days") {
                None | Some(Value::Null) => "not set (never expire)".into(),
                Some(Value::Number(0.0)) => "0 (never expire)".into(),
                v => show(v),
            })
        })
        .collect()
}

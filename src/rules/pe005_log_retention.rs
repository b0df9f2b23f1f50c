//! PE005 log-retention: log groups keep logs for the environment's retention, and every
//! Lambda has a managed log group (otherwise Lambda creates one that never expires).

use std::sync::Arc;

use super::util::why_unknown;
use super::{Ctx, Rule, Verdict};
use crate::terraform::value::{concat_parts, string_parts, Part};
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

fn retention(cx: &Ctx<'_>, g: &Instance) -> Verdict {
    let expected = cx
        .env
        .and_then(|e| cx.settings.retention_days.get(&e).copied());
    let fix_for = |n: f64| {
        format!(
            "set `retention_in_days = {}`",
            crate::terraform::value::format_number(n)
        )
    };
    let value = g.attr("retention_in_days").filter(|v| !v.is_null());
    let Some(expected) = expected else {
        let fix = "pass `--env dev|staging|prod`, or set `environment` in .pe-lint.hcl or as a root variable";
        return match value {
            None => cx.fail(
                ID,
                g,
                "",
                format!(
                    "{}: `retention_in_days` is not set, so logs never expire",
                    g.address
                ),
                fix,
            ),
            Some(_) => cx.unresolved(
                ID,
                g,
                "retention_in_days",
                format!(
                    "{}: the environment is unknown ({}), so the required retention is unknown",
                    g.address, cx.env_source
                ),
                fix,
            ),
        };
    };
    let env = cx.env.map(|e| e.as_str()).unwrap_or("?");
    let want = crate::terraform::value::format_number(expected);
    let Some(v) = value else {
        return cx.fail(
            ID,
            g,
            "",
            format!(
                "{}: `retention_in_days` is not set, so logs never expire ({env} requires {want})",
                g.address
            ),
            &fix_for(expected),
        );
    };
    match v.as_f64() {
        Some(n) if n == expected || (cx.settings.retention_minimum && n >= expected) => {
            cx.pass(ID, g, format!("retention {want} days ({env})"))
        }
        Some(n) => cx.fail(
            ID,
            g,
            "retention_in_days",
            format!(
                "{}: `retention_in_days` is {}, {env} requires {want}",
                g.address,
                crate::terraform::value::format_number(n)
            ),
            &fix_for(expected),
        ),
        None if !v.is_wholly_known() => cx.unresolved(
            ID,
            g,
            "retention_in_days",
            format!(
                "{}: `retention_in_days` cannot be resolved statically: {}",
                g.address,
                why_unknown(&v)
            ),
            &fix_for(expected),
        ),
        None => cx.fail(
            ID,
            g,
            "retention_in_days",
            format!(
                "{}: `retention_in_days` is {}, {env} requires {want}",
                g.address,
                v.display()
            ),
            &fix_for(expected),
        ),
    }
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
    if let Some((_, g)) = names.iter().find(|(n, _)| *n == want) {
        return cx.pass(ID, f, format!("log group {}", g.address));
    }
    let fix = format!("add `resource \"aws_cloudwatch_log_group\"` with `name = {}` and the environment's retention", want.display());
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

/// Could a partly unknown name equal `want`? Its known prefix must match.
fn could_match(name: &Value, want: &Value) -> bool {
    let Some(w) = want.as_str() else { return false };
    match name {
        Value::Partial(parts) => match parts.first() {
            Some(Part::Lit(prefix)) => w.starts_with(prefix.as_str()),
            _ => true,
        },
        Value::Unknown(_) => true,
        _ => false,
    }
}

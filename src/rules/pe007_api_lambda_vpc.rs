//! PE007 api-lambda-no-vpc: Lambdas that serve the API are not placed in a VPC.

use std::sync::Arc;

use super::util::{attr_refers_to, known_str, may_point_to, why_unknown};
use super::{Ctx, Rule, Verdict};
use crate::terraform::{Instance, Value};

pub struct ApiLambdaVpc;

const ID: &str = "PE007";

impl Rule for ApiLambdaVpc {
    fn id(&self) -> &'static str {
        ID
    }

    fn check(&self, cx: &Ctx<'_>) -> Vec<Verdict> {
        let integrations: Vec<(&Arc<Instance>, &str)> = cx
            .resources("aws_api_gateway_integration")
            .map(|i| (i, "uri"))
            .chain(
                cx.resources("aws_apigatewayv2_integration")
                    .map(|i| (i, "integration_uri")),
            )
            .collect();
        let permissions: Vec<&Arc<Instance>> = cx
            .resources("aws_lambda_permission")
            .filter(|p| api_gateway_principal(p.attr("principal")))
            .collect();
        let mut out = Vec::new();
        for f in cx.resources("aws_lambda_function") {
            let reason = api_reason(cx, f, &integrations, &permissions);
            let vpc = f.values.blocks("vpc_config").into_iter().next();
            let subnets = vpc
                .as_ref()
                .map(|v| v.get("subnet_ids").unwrap_or(Value::Null));
            let in_vpc = match &subnets {
                None => Some(false),
                Some(Value::List(items)) => Some(!items.is_empty()),
                Some(Value::Null) => Some(false),
                Some(_) => None,
            };
            match (reason, in_vpc) {
                (Ok(None), Some(false)) => {} // not an API Lambda: not applicable
                (Ok(None), _) => out.extend(unknown_principal(cx, f)),
                (_, Some(false)) => {
                    if let Ok(Some(why)) = api_reason(cx, f, &integrations, &permissions) {
                        out.push(cx.pass(ID, f, format!("API Lambda ({why}) outside any VPC")));
                    }
                }
                (Ok(Some(why)), Some(true)) => out.push(cx.fail(
                    ID,
                    f,
                    "vpc_config[0]",
                    format!("{}: API Lambda ({why}) is placed in a VPC", f.address),
                    "remove the `vpc_config` block; only worker Lambdas may run in a VPC",
                )),
                (Ok(Some(why)), None) => out.push(cx.unresolved(
                    ID,
                    f,
                    "vpc_config[0]",
                    format!(
                        "{}: API Lambda ({why}) has a vpc_config whose subnet_ids cannot be resolved: {}",
                        f.address,
                        why_unknown(subnets.as_ref().unwrap_or(&Value::Null))
                    ),
                    "remove the `vpc_config` block",
                )),
                (Err(msg), Some(true) | None) => out.push(cx.unresolved(ID, f, "vpc_config[0]", format!("{}: {msg}", f.address), "make the function name resolvable, or remove the `vpc_config` block if it serves the API")),
            }
        }
        out
    }
}

/// `apigateway.amazonaws.com` however written: any case, any partition's DNS suffix
/// (`"apigateway.${data.aws_partition.current.dns_suffix}"`).
fn api_gateway_principal(v: Option<Value>) -> bool {
    let text = match v {
        Some(Value::String(s)) => s.to_string(),
        Some(Value::Partial(parts)) => match parts.first() {
            Some(crate::terraform::Part::Lit(s)) => s.clone(),
            _ => return false,
        },
        _ => return false,
    };
    text.to_ascii_lowercase().starts_with("apigateway.")
}

/// Why a function is an API Lambda; `Ok(None)` when it is not; `Err` when its name cannot be
/// resolved and nothing else decides.
fn api_reason(
    cx: &Ctx<'_>,
    f: &Instance,
    integrations: &[(&Arc<Instance>, &str)],
    permissions: &[&Arc<Instance>],
) -> Result<Option<String>, String> {
    let name = f.attr("function_name").unwrap_or(Value::Null);
    if let Some(reason) = wired_to_api(cx, f, &name, integrations, permissions) {
        return Ok(Some(reason));
    }
    let patterns = &cx.settings.api_lambda_patterns;
    let matches = |s: &str| {
        let lower = s.to_ascii_lowercase();
        patterns
            .iter()
            .find(|p| lower.contains(&p.to_ascii_lowercase()))
            .cloned()
    };
    if let Some(p) = matches(&f.name) {
        return Ok(Some(format!("resource name matches {p:?}")));
    }
    // A partly known name (`"${var.prefix}-presign"`) can still match on its known text.
    if let Value::Partial(parts) = &name {
        for part in parts.iter() {
            if let crate::terraform::Part::Lit(text) = part {
                if let Some(p) = matches(text) {
                    return Ok(Some(format!("function name matches {p:?}")));
                }
            }
        }
    }
    // A reference the plan cannot pin to one instance (`aws_lambda_function.f[count.index]`).
    let maybe = integrations
        .iter()
        .map(|(i, attr)| (*i, *attr))
        .chain(permissions.iter().map(|p| (*p, "function_name")))
        .find(|(i, attr)| i.attr(attr).is_some_and(|v| may_point_to(&v, f)));
    if let Some((i, _)) = maybe {
        return Err(format!(
            "cannot tell whether this is an API Lambda: {} may refer to it, or to another instance",
            i.address
        ));
    }
    match name.as_str() {
        Some(n) => Ok(matches(n).map(|p| format!("function name matches {p:?}"))),
        None if !name.is_wholly_known() => Err(format!(
            "cannot tell whether this is an API Lambda: function_name is unresolved ({})",
            why_unknown(&name)
        )),
        None => Ok(None),
    }
}

/// An API Gateway integration or permission that names the function (directly, through an
/// alias or a data source that reads it, or by spelling out its ARN).
fn wired_to_api(
    cx: &Ctx<'_>,
    f: &Instance,
    name: &Value,
    integrations: &[(&Arc<Instance>, &str)],
    permissions: &[&Arc<Instance>],
) -> Option<String> {
    // An alias stands for its function, and so does a data source that reads it:
    // integrations and permissions may name any of them.
    let aliases: Vec<&Arc<Instance>> = cx
        .resources("aws_lambda_alias")
        .chain(cx.data("aws_lambda_function"))
        .filter(|a| {
            attr_refers_to(a, "function_name", f)
                || a.refs_of("function_name").iter().any(|r| **r == *f.address)
                || known_str(a, "function_name")
                    .is_some_and(|n| known_str(f, "function_name").as_deref() == Some(n.as_str()))
        })
        .collect();
    // Also by text: a URI or function name that spells out the function's ARN.
    let names_function = |i: &Instance, attr: &str| {
        attr_refers_to(i, attr, f)
            || aliases.iter().any(|a| attr_refers_to(i, attr, a))
            || name
                .as_str()
                .zip(i.attr(attr))
                .is_some_and(|(n, v)| spells_out(&v, n))
    };
    for (i, attr) in integrations {
        if names_function(i, attr) {
            return Some(format!("target of {}", i.address));
        }
    }
    for p in permissions {
        let by_name =
            name.as_str().is_some() && known_str(p, "function_name").as_deref() == name.as_str();
        if names_function(p, "function_name") || by_name {
            return Some(format!("invoked by API Gateway through {}", p.address));
        }
    }
    None
}

/// Whether a function name or URI names the function `name`: the name itself, or an ARN
/// with `:function:<name>` ending there or followed by a qualifier or the URI's path.
/// A partly known value is judged on its known text.
fn spells_out(v: &Value, name: &str) -> bool {
    let texts: Vec<String> = match v {
        Value::String(s) => vec![s.to_string()],
        Value::Partial(parts) => parts
            .iter()
            .filter_map(|p| match p {
                crate::terraform::Part::Lit(t) => Some(t.clone()),
                _ => None,
            })
            .collect(),
        _ => return false,
    };
    let needle = format!(":function:{name}");
    texts.iter().any(|t| {
        t == name
            || t.match_indices(&needle).any(|(i, _)| {
                matches!(t[i + needle.len()..].chars().next(), None | Some('/' | ':'))
            })
    })
}

/// A function in a VPC that a permission with an unknown principal names: API Gateway may
/// invoke it, so it is unresolved (a worker's permission has a known principal).
fn unknown_principal(cx: &Ctx<'_>, f: &Instance) -> Option<Verdict> {
    let name = known_str(f, "function_name");
    let p = cx.resources("aws_lambda_permission").find(|p| {
        let principal = p.attr("principal").unwrap_or(Value::Null);
        // Known text that cannot begin `apigateway.` rules API Gateway out.
        let may_be_api = match &principal {
            Value::Partial(parts) => match parts.first() {
                Some(crate::terraform::Part::Lit(t)) => {
                    let t = t.to_ascii_lowercase();
                    "apigateway.".starts_with(&t) || t.starts_with("apigateway.")
                }
                _ => true,
            },
            v => !v.is_wholly_known(),
        };
        may_be_api
            && (attr_refers_to(p, "function_name", f)
                || name
                    .as_deref()
                    .zip(p.attr("function_name"))
                    .is_some_and(|(n, v)| spells_out(&v, n)))
    })?;
    Some(cx.unresolved(
        ID,
        f,
        "vpc_config[0]",
        format!(
            "{}: may be an API Lambda: {} lets a principal that cannot be resolved invoke it ({})",
            f.address,
            p.address,
            why_unknown(&p.attr("principal").unwrap_or(Value::Null))
        ),
        "make the permission's principal a known value, or remove the `vpc_config` block if API Gateway invokes the function",
    ))
}

// ---------------------------------------------------------------------------------------------
// Evidence cells (the `evidence` block of rules/PE004-lambda-reserved-concurrency.hcl, whose
// Lambda table shows PE007's verdict too)

/// Where a function runs: no VPC, or how many subnets and security groups it is given.
pub(super) fn vpc_placement_cells(t: &super::evidence::Rows<'_>) -> Vec<super::evidence::Cell> {
    t.rows
        .iter()
        .map(|(_, f)| super::evidence::text(vpc_placement(f)))
        .collect()
}

fn vpc_placement(f: &Instance) -> String {
    use super::evidence::show;
    let blocks = f.values.blocks("vpc_config");
    let Some(b) = blocks.first() else {
        return "no VPC".into();
    };
    if b.is_unknown() {
        return show(Some(b.clone()));
    }
    let count = |key: &str| match b.get(key) {
        Some(Value::List(l)) => Ok(l.len()),
        None | Some(Value::Null) => Ok(0),
        Some(v) => Err(show(Some(v))),
    };
    match (count("subnet_ids"), count("security_group_ids")) {
        (Ok(0), _) => "no VPC (empty `vpc_config`)".into(),
        (Ok(n), Ok(g)) => format!("in a VPC: {n} subnet(s), {g} security group(s)"),
        (Ok(n), Err(g)) => format!("in a VPC: {n} subnet(s), security groups {g}"),
        (Err(s), _) => format!("subnets {s}"),
    }
}

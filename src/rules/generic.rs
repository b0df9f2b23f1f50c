//! The requirements on things created through generic resources: `aws_cloudcontrolapi_resource`
//! (`type_name` and a JSON `desired_state`) and the resources of an `aws_cloudformation_stack`
//! template. Their properties are CloudFormation's, so each rule's requirement is restated on
//! the CloudFormation property (`EnableKeyRotation` for PE001, ...). Where the type, the desired
//! state or the template cannot be read, the resource is reported as *not checked*: an
//! unresolved finding of every rule that could apply, which `--strict` fails; never a pass.

use super::util::why_unknown;
use super::{Ctx, Rule, Verdict};
use crate::source::Loc;
use crate::terraform::functions::cloudformation_yaml;
use crate::terraform::instance::LITERAL;
use crate::terraform::value::json_decode;
use crate::terraform::{Instance, Value};

/// One rule's check of generic resources, registered next to the rule's own check.
pub struct Generic(pub &'static str);

impl Rule for Generic {
    fn id(&self) -> &'static str {
        self.0
    }

    fn check(&self, cx: &Ctx<'_>) -> Vec<Verdict> {
        check(self.0, cx)
    }
}

/// The rules a CloudFormation type is checked by.
fn rules_of(type_name: &str) -> &'static [&'static str] {
    match type_name {
        "AWS::KMS::Key" => &["PE001", "PE006"],
        "AWS::S3::Bucket" => &["PE002", "PE006"],
        "AWS::SQS::Queue" => &["PE003", "PE006"],
        "AWS::Lambda::Function" => &["PE004", "PE006", "PE007"],
        // SAM's function (a stack with `Transform: AWS::Serverless-2016-10-31`) becomes an
        // AWS::Lambda::Function with the same property names; its tags are the stack's.
        "AWS::Serverless::Function" => &["PE004", "PE007"],
        "AWS::Logs::LogGroup" => &["PE005", "PE006"],
        "AWS::IAM::ManagedPolicy" | "AWS::IAM::Policy" => &["PE008"],
        "AWS::IAM::Role" => &["PE008", "PE006"],
        _ => &[],
    }
}

/// One resource to check: whose it is, where its properties are written, and what they are.
struct Target<'a> {
    inst: &'a Instance,
    /// The attribute the properties come from (`desired_state`, `template_body`).
    attr: &'static str,
    /// Path of the properties inside the attribute's literal (`.Resources.Key.Properties`).
    path: String,
    /// How messages name it: the address, plus the logical id in a template.
    name: String,
    type_name: String,
    props: Value,
    /// The other resources of its template, for PE003's dead-letter targets.
    siblings: Value,
}

impl Target<'_> {
    /// Where a property is written, as precisely as the evaluator recorded it: the property,
    /// else the first element written inside it (it records leaves), else the attribute.
    fn loc(&self, property: &str) -> Loc {
        let base = format!("{}{LITERAL}{}", self.attr, self.path);
        let exact = if property.is_empty() {
            base.clone()
        } else {
            format!("{base}.{property}")
        };
        if self.inst.has_loc(&exact) {
            return self.inst.loc_of(&exact);
        }
        let inside = format!("{exact}.");
        self.inst
            .locs
            .range(inside.clone()..)
            .take_while(|(k, _)| k.starts_with(&inside))
            .map(|(k, span)| (span.start, k))
            .min()
            .map(|(_, k)| self.inst.loc_of(k))
            .unwrap_or_else(|| self.inst.loc_of(self.attr))
    }
}

pub fn check(rule: &'static str, cx: &Ctx<'_>) -> Vec<Verdict> {
    let mut out = Vec::new();
    for inst in cx.resources("aws_cloudcontrolapi_resource") {
        match cloudcontrol(inst) {
            Ok(t) if rules_of(&t.type_name).contains(&rule) => out.extend(judge(rule, cx, &t)),
            Ok(_) => {}
            Err((attr, why)) => out.push(not_checked(rule, cx, inst, attr, &why)),
        }
    }
    for inst in cx.resources("aws_cloudformation_stack") {
        match stack(inst) {
            Ok(targets) => {
                for t in targets
                    .iter()
                    .filter(|t| rules_of(&t.type_name).contains(&rule))
                {
                    // Stack tags propagate to every resource; PE006 checks them on the stack.
                    if rule != "PE006" {
                        out.extend(judge(rule, cx, t));
                    }
                }
            }
            Err((attr, why)) if rule != "PE006" => {
                out.push(not_checked(rule, cx, inst, attr, &why))
            }
            Err(_) => {}
        }
    }
    out
}

fn not_checked(
    rule: &str,
    cx: &Ctx<'_>,
    inst: &Instance,
    attr: &'static str,
    why: &str,
) -> Verdict {
    cx.unresolved(
        rule,
        inst,
        attr,
        format!("{}: not checked: {why}", inst.address),
        "write the resource as its own Terraform resource type, or make its type and properties resolvable JSON",
    )
}

/// An `aws_cloudcontrolapi_resource` as a target, or why it cannot be read.
fn cloudcontrol(inst: &Instance) -> Result<Target<'_>, (&'static str, String)> {
    let type_name = match inst.attr("type_name") {
        Some(Value::String(s)) => s.to_string(),
        Some(v) => {
            return Err((
                "type_name",
                format!("its type_name cannot be resolved: {}", why_unknown(&v)),
            ))
        }
        None => return Err(("type_name", "it has no type_name".to_string())),
    };
    if rules_of(&type_name).is_empty() {
        return Ok(Target::empty(inst, type_name));
    }
    let state = inst.attr("desired_state").unwrap_or(Value::Null);
    let props = match json_decode(&state) {
        Ok(v @ Value::Object(_)) => v,
        Ok(v) if !v.is_wholly_known() => {
            return Err((
                "desired_state",
                format!(
                    "the desired_state of this {type_name} cannot be resolved: {}",
                    why_unknown(&v)
                ),
            ))
        }
        Ok(_) | Err(_) => {
            return Err((
                "desired_state",
                format!("the desired_state of this {type_name} is not a JSON object"),
            ))
        }
    };
    Ok(Target {
        inst,
        attr: "desired_state",
        path: String::new(),
        name: inst.address.clone(),
        type_name,
        props,
        siblings: Value::Null,
    })
}

impl<'a> Target<'a> {
    fn empty(inst: &'a Instance, type_name: String) -> Target<'a> {
        Target {
            inst,
            attr: "desired_state",
            path: String::new(),
            name: inst.address.clone(),
            type_name,
            props: Value::Null,
            siblings: Value::Null,
        }
    }
}

/// The resources of a stack's template, or why the template cannot be read.
fn stack(inst: &Instance) -> Result<Vec<Target<'_>>, (&'static str, String)> {
    let Some(body) = inst.attr("template_body").filter(|v| !v.is_null()) else {
        return match inst.attr("template_url").filter(|v| !v.is_null()) {
            Some(_) => Err((
                "template_url",
                "its template is read from template_url, which pe-lint does not fetch".into(),
            )),
            None => Ok(Vec::new()),
        };
    };
    let template = match json_decode(&body) {
        Ok(v @ Value::Object(_)) => v,
        Ok(v) if !v.is_wholly_known() => {
            let why = format!("its template cannot be resolved: {}", why_unknown(&v));
            return Err(("template_body", why));
        }
        _ if body.as_str().is_some() => match yaml_template(&body) {
            Ok(v) => v,
            Err(why) => return Err(("template_body", why)),
        },
        _ => {
            let why = format!("its template cannot be resolved: {}", why_unknown(&body));
            return Err(("template_body", why));
        }
    };
    let resources = match template.get("Resources") {
        Some(r @ Value::Object(_)) => r,
        Some(v) if !v.is_wholly_known() => {
            let why = format!("its Resources cannot be resolved: {}", why_unknown(&v));
            return Err(("template_body", why));
        }
        _ => return Ok(Vec::new()),
    };
    // SAM's `Globals.Function` applies to every serverless function that does not set
    // the property itself.
    let globals = template
        .get("Globals")
        .and_then(|g| g.get("Function"))
        .and_then(|f| f.as_object().cloned());
    let mut out = Vec::new();
    for (id, res) in resources.as_object().into_iter().flatten() {
        let Some(Value::String(type_name)) = res.get("Type") else {
            let why = format!("the Type of its resource {id} cannot be resolved");
            return Err(("template_body", why));
        };
        let mut props = res.get("Properties").unwrap_or(Value::Null);
        if let (Some(g), "AWS::Serverless::Function") = (&globals, &*type_name) {
            let mut merged = g.clone();
            merged.extend(props.as_object().cloned().unwrap_or_default());
            props = Value::object(merged);
        }
        out.push(Target {
            inst,
            attr: "template_body",
            path: format!(".Resources.{id}.Properties"),
            name: format!("{} (template resource {id})", inst.address),
            type_name: type_name.to_string(),
            props,
            siblings: resources.clone(),
        });
    }
    Ok(out)
}

/// A template that is not JSON, read as CloudFormation reads YAML (short-form tags such as
/// `!Ref` become intrinsic functions, so their values stay unknown).
fn yaml_template(body: &Value) -> Result<Value, String> {
    const MAX_VALUES: usize = 100_000;
    match cloudformation_yaml(body.as_str().unwrap_or_default(), MAX_VALUES) {
        Ok(v @ Value::Object(_)) => Ok(v),
        Ok(_) => Err("its template is neither a JSON nor a YAML mapping".to_string()),
        Err(e) => Err(format!(
            "its template is neither JSON nor YAML that pe-lint reads ({e})"
        )),
    }
}

/// A CloudFormation intrinsic function (`{"Ref": ...}`, `{"Fn::GetAtt": ...}`): its value is
/// known only when the stack is created.
fn intrinsic(v: &Value) -> bool {
    v.as_object().is_some_and(|m| {
        m.len() == 1
            && m.keys()
                .all(|k| k.as_str() == "Ref" || k.as_str().starts_with("Fn::"))
    })
}

/// A property as the rules see it: absent, unknown (also an intrinsic function) or known.
enum Prop {
    Absent,
    Unknown(String),
    Known(Value),
}

fn prop(props: &Value, key: &str) -> Prop {
    match props.get(key) {
        None | Some(Value::Null) => Prop::Absent,
        Some(v) if intrinsic(&v) => Prop::Unknown(format!(
            "`{key}` is a CloudFormation function, known only when the stack is created"
        )),
        // An object or list with unknown parts is read part by part.
        Some(v) if !v.is_wholly_known() && v.as_object().is_none() && v.as_list().is_none() => {
            Prop::Unknown(format!(
                "`{key}` {}",
                why_unknown(&v).replacen("it ", "", 1)
            ))
        }
        Some(v) => Prop::Known(v),
    }
}

/// A bool property as CloudFormation reads it (`true` or `"true"`).
fn truthy(v: &Value) -> Option<bool> {
    v.as_bool().or_else(|| match v.as_str() {
        Some(s) if s.eq_ignore_ascii_case("true") || s == "1" => Some(true),
        Some(s) if s.eq_ignore_ascii_case("false") || s == "0" => Some(false),
        _ => None,
    })
}

fn number(v: &Value) -> Option<f64> {
    v.as_f64()
        .or_else(|| v.as_str().and_then(|s| s.trim().parse().ok()))
}

fn judge(rule: &'static str, cx: &Ctx<'_>, t: &Target<'_>) -> Vec<Verdict> {
    match rule {
        "PE001" => rotation(cx, t).into_iter().collect(),
        "PE002" => vec![public_access(cx, t)],
        "PE003" => redrive(cx, t).into_iter().collect(),
        "PE004" => vec![concurrency(cx, t)],
        "PE005" => vec![retention(cx, t)],
        "PE006" => vec![tags(cx, t)],
        "PE007" => api_vpc(cx, t).into_iter().collect(),
        "PE008" => policies(cx, t),
        _ => Vec::new(),
    }
}

fn pass(rule: &str, cx: &Ctx<'_>, t: &Target<'_>, why: &str) -> Verdict {
    cx.pass(rule, t.inst, format!("{}: {why}", t.name))
}

fn fail(rule: &str, cx: &Ctx<'_>, t: &Target<'_>, at: &str, why: &str, fix: &str) -> Verdict {
    cx.fail_at(rule, t.inst, t.loc(at), format!("{}: {why}", t.name), fix)
}

fn unresolved(rule: &str, cx: &Ctx<'_>, t: &Target<'_>, at: &str, why: &str) -> Verdict {
    cx.unresolved_at(
        rule,
        t.inst,
        t.loc(at),
        format!("{}: {why}", t.name),
        "make the property a known value",
    )
}

/// PE001: a symmetric key sets `EnableKeyRotation` to true.
fn rotation(cx: &Ctx<'_>, t: &Target<'_>) -> Option<Verdict> {
    const RULE: &str = "PE001";
    if let Prop::Known(spec) = prop(&t.props, "KeySpec") {
        if spec.as_str() != Some("SYMMETRIC_DEFAULT") {
            return None;
        }
    }
    let fix = "set `EnableKeyRotation` to true";
    Some(match prop(&t.props, "EnableKeyRotation") {
        Prop::Known(v) if truthy(&v) == Some(true) => {
            pass(RULE, cx, t, "EnableKeyRotation is true")
        }
        Prop::Known(v) => fail(
            RULE,
            cx,
            t,
            "EnableKeyRotation",
            &format!("`EnableKeyRotation` is {}", v.display()),
            fix,
        ),
        Prop::Absent => fail(
            RULE,
            cx,
            t,
            "",
            "`EnableKeyRotation` is not set (defaults to false)",
            fix,
        ),
        Prop::Unknown(why) => unresolved(RULE, cx, t, "EnableKeyRotation", &why),
    })
}

/// PE002: `PublicAccessBlockConfiguration` turns all four settings on.
fn public_access(cx: &Ctx<'_>, t: &Target<'_>) -> Verdict {
    const RULE: &str = "PE002";
    const KEY: &str = "PublicAccessBlockConfiguration";
    let fix = "set BlockPublicAcls, BlockPublicPolicy, IgnorePublicAcls and RestrictPublicBuckets to true in PublicAccessBlockConfiguration";
    let config = match prop(&t.props, KEY) {
        Prop::Known(c) => c,
        Prop::Absent => return fail(RULE, cx, t, "", &format!("`{KEY}` is not set"), fix),
        Prop::Unknown(why) => return unresolved(RULE, cx, t, KEY, &why),
    };
    for flag in [
        "BlockPublicAcls",
        "BlockPublicPolicy",
        "IgnorePublicAcls",
        "RestrictPublicBuckets",
    ] {
        let at = format!("{KEY}.{flag}");
        match prop(&config, flag) {
            Prop::Known(v) if truthy(&v) == Some(true) => {}
            Prop::Known(v) => {
                return fail(
                    RULE,
                    cx,
                    t,
                    &at,
                    &format!("`{flag}` is {}", v.display()),
                    fix,
                )
            }
            Prop::Absent => {
                let why = format!("`{flag}` is not set (defaults to false)");
                return fail(RULE, cx, t, KEY, &why, fix);
            }
            Prop::Unknown(why) => return unresolved(RULE, cx, t, &at, &why),
        }
    }
    pass(RULE, cx, t, "all four public access settings are true")
}

/// PE003: the queue redrives after exactly 3 receives, unless it is a dead-letter queue.
fn redrive(cx: &Ctx<'_>, t: &Target<'_>) -> Option<Verdict> {
    const RULE: &str = "PE003";
    let fix = "set RedrivePolicy with deadLetterTargetArn and maxReceiveCount = 3";
    let policy = match prop(&t.props, "RedrivePolicy") {
        Prop::Known(p) => json_decode(&p)
            .ok()
            .filter(|d| d.as_object().is_some())
            .unwrap_or(p),
        Prop::Unknown(why) => return Some(unresolved(RULE, cx, t, "RedrivePolicy", &why)),
        Prop::Absent => return missing_redrive(cx, t, fix),
    };
    let at = "RedrivePolicy.maxReceiveCount";
    Some(match prop(&policy, "maxReceiveCount") {
        Prop::Known(v) if number(&v) == Some(3.0) => pass(RULE, cx, t, "maxReceiveCount is 3"),
        Prop::Known(v) => fail(
            RULE,
            cx,
            t,
            at,
            &format!("`maxReceiveCount` is {}, not 3", v.display()),
            fix,
        ),
        Prop::Absent => fail(
            RULE,
            cx,
            t,
            "RedrivePolicy",
            "`maxReceiveCount` is not set",
            fix,
        ),
        Prop::Unknown(why) => unresolved(RULE, cx, t, at, &why),
    })
}

/// A queue without a redrive policy: a dead-letter queue is not applicable; one that something
/// else refers to may be one (unresolved); any other fails.
fn missing_redrive(cx: &Ctx<'_>, t: &Target<'_>, fix: &str) -> Option<Verdict> {
    const RULE: &str = "PE003";
    if let Prop::Known(allow) = prop(&t.props, "RedriveAllowPolicy") {
        let allow = json_decode(&allow).unwrap_or(allow);
        if allow
            .get("redrivePermission")
            .and_then(|p| p.as_str().map(str::to_string))
            != Some("denyAll".into())
        {
            return None;
        }
    }
    let logical = t.path.split('.').nth(2).unwrap_or("");
    let quoted = format!("\"{logical}\"");
    let others: Vec<&Value> = t
        .siblings
        .as_object()
        .into_iter()
        .flatten()
        .filter(|(id, _)| id.as_str() != logical)
        .map(|(_, r)| r)
        .collect();
    let redrives_here = others.iter().any(|r| {
        r.get("Properties")
            .and_then(|p| p.get("RedrivePolicy"))
            .is_some_and(|p| p.display().contains(&quoted))
    });
    if redrives_here {
        return None;
    }
    let named_in_template = others.iter().any(|r| r.display().contains(&quoted));
    let referenced = named_in_template
        || t.siblings.is_null()
            && cx
                .all()
                .any(|i| i.refs.values().flatten().any(|a| **a == *t.inst.address));
    Some(if referenced {
        unresolved(
            RULE,
            cx,
            t,
            "",
            "no RedrivePolicy, and another resource refers to this queue, so it may be a dead-letter queue",
        )
    } else {
        fail(
            RULE,
            cx,
            t,
            "",
            "no RedrivePolicy (no dead-letter queue)",
            fix,
        )
    })
}

/// PE004: `ReservedConcurrentExecutions` is set to a number >= 0.
fn concurrency(cx: &Ctx<'_>, t: &Target<'_>) -> Verdict {
    const RULE: &str = "PE004";
    const KEY: &str = "ReservedConcurrentExecutions";
    let fix = "set `ReservedConcurrentExecutions` to the function's limit (>= 0)";
    match prop(&t.props, KEY) {
        Prop::Known(v) => match number(&v) {
            Some(n) if n >= 0.0 && n.fract() == 0.0 => pass(RULE, cx, t, &format!("{KEY} is {n}")),
            _ => fail(
                RULE,
                cx,
                t,
                KEY,
                &format!("`{KEY}` is {}", v.display()),
                fix,
            ),
        },
        Prop::Absent => fail(RULE, cx, t, "", &format!("`{KEY}` is not set"), fix),
        Prop::Unknown(why) => unresolved(RULE, cx, t, KEY, &why),
    }
}

/// PE005: `RetentionInDays` is the environment's retention.
fn retention(cx: &Ctx<'_>, t: &Target<'_>) -> Verdict {
    const RULE: &str = "PE005";
    const KEY: &str = "RetentionInDays";
    let expected = cx
        .env
        .and_then(|e| cx.settings.retention_days.get(&e).copied());
    match (prop(&t.props, KEY), expected) {
        (Prop::Absent, _) => fail(
            RULE,
            cx,
            t,
            "",
            "`RetentionInDays` is not set, so logs never expire",
            "set `RetentionInDays` to the environment's retention",
        ),
        (Prop::Unknown(why), _) => unresolved(RULE, cx, t, KEY, &why),
        (Prop::Known(_), None) => unresolved(
            RULE,
            cx,
            t,
            KEY,
            &format!("the environment is unknown ({})", cx.env_source),
        ),
        (Prop::Known(v), Some(want)) if number(&v) == Some(want) => {
            pass(RULE, cx, t, &format!("{KEY} is {want}"))
        }
        (Prop::Known(v), Some(want)) => fail(
            RULE,
            cx,
            t,
            KEY,
            &format!(
                "`{KEY}` is {}, the {} retention is {want}",
                v.display(),
                cx.env_source
            ),
            &format!("set `{KEY}` to {want}"),
        ),
    }
}

/// PE006: `Tags` (a list of Key/Value) holds every required tag with a value.
fn tags(cx: &Ctx<'_>, t: &Target<'_>) -> Verdict {
    const RULE: &str = "PE006";
    let list = match prop(&t.props, "Tags") {
        Prop::Known(Value::List(l)) => l,
        Prop::Known(_) | Prop::Absent => Default::default(),
        Prop::Unknown(why) => return unresolved(RULE, cx, t, "Tags", &why),
    };
    if let Some(e) = list
        .iter()
        .find(|e| e.get("Key").is_none_or(|k| k.as_str().is_none()))
    {
        let why = format!("a tag key cannot be resolved: {}", why_unknown(e));
        return unresolved(RULE, cx, t, "Tags", &why);
    }
    let mut missing = Vec::new();
    for key in &cx.settings.required_tags {
        let found = list.iter().find(|e| {
            e.get("Key").and_then(|k| k.as_str().map(str::to_string)) == Some(key.clone())
        });
        match found.and_then(|e| e.get("Value")) {
            Some(v) if !v.is_wholly_known() || intrinsic(&v) => {
                return unresolved(
                    RULE,
                    cx,
                    t,
                    "Tags",
                    &format!("tag {key} cannot be resolved"),
                )
            }
            Some(Value::String(s)) if !s.trim().is_empty() => {}
            _ => missing.push(key.clone()),
        }
    }
    if missing.is_empty() {
        return pass(RULE, cx, t, "all cost tags present");
    }
    let at = if t.props.get("Tags").is_some() {
        "Tags"
    } else {
        ""
    };
    fail(
        RULE,
        cx,
        t,
        at,
        &format!("missing cost tags {}", missing.join(", ")),
        &format!("add {} to Tags", missing.join(", ")),
    )
}

/// PE008: the identity policies the resource defines (`PolicyDocument` of a policy, each
/// `Policies[].PolicyDocument` of a role; a role's trust policy is not one).
fn policies(cx: &Ctx<'_>, t: &Target<'_>) -> Vec<Verdict> {
    let docs: Vec<(Value, String)> = if t.type_name == "AWS::IAM::Role" {
        match t.props.get("Policies") {
            Some(Value::List(l)) => l
                .iter()
                .enumerate()
                .map(|(i, p)| {
                    let doc = p.get("PolicyDocument").unwrap_or(Value::Null);
                    (doc, format!("Policies[{i}].PolicyDocument"))
                })
                .collect(),
            Some(v) if !v.is_wholly_known() => vec![(v, "Policies".to_string())],
            _ => Vec::new(),
        }
    } else {
        let doc = t.props.get("PolicyDocument").unwrap_or(Value::Null);
        vec![(doc, "PolicyDocument".to_string())]
    };
    docs.into_iter()
        .flat_map(|(doc, at)| {
            if doc.is_null() {
                return Vec::new();
            }
            // The statements, where the policy is a literal: closer to what fails.
            let loc = t.loc(&format!("{at}.Statement"));
            let doc = if intrinsic(&doc) {
                Value::unknown()
            } else {
                doc
            };
            super::pe008_iam_wildcards::check_text(cx, t.inst, &doc, loc, None)
        })
        .collect()
}

/// PE007: a function that serves the API has no `VpcConfig` with subnets.
fn api_vpc(cx: &Ctx<'_>, t: &Target<'_>) -> Option<Verdict> {
    const RULE: &str = "PE007";
    let why = api_function(cx, t)?;
    let subnets = match prop(&t.props, "VpcConfig") {
        Prop::Absent => Prop::Absent,
        Prop::Unknown(w) => Prop::Unknown(w),
        Prop::Known(c) => prop(&c, "SubnetIds"),
    };
    let at = "VpcConfig";
    Some(match subnets {
        Prop::Known(Value::List(l)) if !l.is_empty() => fail(
            RULE,
            cx,
            t,
            at,
            &format!("API Lambda ({why}) is placed in a VPC"),
            "remove `VpcConfig`; only worker Lambdas may run in a VPC",
        ),
        Prop::Known(Value::List(_)) | Prop::Absent => {
            pass(RULE, cx, t, &format!("API Lambda ({why}) outside any VPC"))
        }
        Prop::Known(v) if intrinsic(&v) || !v.is_wholly_known() => {
            let w = format!("API Lambda ({why}): its `VpcConfig.SubnetIds` cannot be resolved");
            unresolved(RULE, cx, t, at, &w)
        }
        Prop::Known(v) => fail(
            RULE,
            cx,
            t,
            at,
            &format!("API Lambda ({why}) has VpcConfig.SubnetIds {}", v.display()),
            "remove `VpcConfig`",
        ),
        Prop::Unknown(w) => unresolved(RULE, cx, t, at, &format!("API Lambda ({why}): {w}")),
    })
}

/// Why a template or Cloud Control function serves the API: a name that matches an API
/// pattern, or API Gateway wired to it (an integration, or a permission for API Gateway)
/// in the same template or in Terraform.
fn api_function(cx: &Ctx<'_>, t: &Target<'_>) -> Option<String> {
    let logical = t.path.split('.').nth(2).unwrap_or("");
    let matches = |s: &str| {
        let lower = s.to_ascii_lowercase();
        cx.settings
            .api_lambda_patterns
            .iter()
            .find(|p| lower.contains(&p.to_ascii_lowercase()))
            .map(|p| format!("name matches {p:?}"))
    };
    if let Prop::Known(Value::String(name)) = prop(&t.props, "FunctionName") {
        if let Some(why) = matches(&name) {
            return Some(why);
        }
    }
    if let Some(why) = matches(logical) {
        return Some(why);
    }
    // A SAM function's own `Api`/`HttpApi` event creates the API that invokes it.
    if let Some(Value::Object(events)) = t.props.get("Events") {
        let api = events.iter().find(|(_, e)| {
            matches!(
                e.get("Type")
                    .and_then(|k| k.as_str().map(str::to_string))
                    .as_deref(),
                Some("Api" | "HttpApi")
            )
        });
        if let Some((name, _)) = api {
            return Some(format!("its SAM event {name} is an API"));
        }
    }
    for (id, r) in t.siblings.as_object().into_iter().flatten() {
        if id == logical || !mentions(r, logical) {
            continue;
        }
        let kind = r.get("Type").and_then(|v| v.as_str().map(str::to_string));
        let kind = kind.unwrap_or_default();
        let permission = kind == "AWS::Lambda::Permission"
            && r.get("Properties")
                .and_then(|p| p.get("Principal"))
                .is_none_or(|p| api_principal_text(&p));
        if kind.starts_with("AWS::ApiGateway") || permission {
            return Some(format!(
                "API Gateway invokes it through template resource {id}"
            ));
        }
    }
    terraform_api_wiring(cx, t)
}

/// A Cloud Control function that Terraform wires to API Gateway (an integration, or a
/// permission whose principal is API Gateway, that refers to it).
fn terraform_api_wiring(cx: &Ctx<'_>, t: &Target<'_>) -> Option<String> {
    if !t.siblings.is_null() {
        return None;
    }
    let refers = |i: &Instance| i.refs.values().flatten().any(|a| **a == *t.inst.address);
    let wired = cx
        .resources("aws_api_gateway_integration")
        .chain(cx.resources("aws_apigatewayv2_integration"))
        .chain(cx.resources("aws_lambda_permission").filter(|p| {
            p.attr("principal")
                .is_none_or(|v| !v.is_wholly_known() || api_principal_text(&v))
        }))
        .find(|i| refers(i))?;
    Some(format!("API Gateway invokes it through {}", wired.address))
}

/// A principal that is, or may be, API Gateway: an intrinsic function (`!Sub
/// "apigateway.${AWS::URLSuffix}"`) may be.
fn api_principal_text(v: &Value) -> bool {
    if intrinsic(v) {
        return true;
    }
    match v {
        Value::String(s) => s.to_ascii_lowercase().starts_with("apigateway."),
        Value::Partial(parts) => !matches!(
            parts.first(),
            Some(crate::terraform::Part::Lit(s)) if !s.to_ascii_lowercase().starts_with("apigateway.")
        ),
        _ => false,
    }
}

/// Whether a template value refers to a logical id: `Ref`, `Fn::GetAtt` (either form) or a
/// `Fn::Sub` variable (`${Id}`, `${Id.Arn}`).
fn mentions(v: &Value, logical: &str) -> bool {
    match v {
        Value::String(s) => {
            &**s == logical
                || s.strip_prefix(logical).is_some_and(|r| r.starts_with('.'))
                || s.contains(&format!("${{{logical}}}"))
                || s.contains(&format!("${{{logical}."))
        }
        Value::List(l) => l.iter().any(|x| mentions(x, logical)),
        Value::Object(m) => m.values().any(|x| mentions(x, logical)),
        _ => false,
    }
}

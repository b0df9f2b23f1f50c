//! PE003 sqs-dlq-redrive: every queue that is not a dead-letter queue redrives to one after
//! exactly 3 receives.

use std::sync::Arc;

use super::util::{attr_refers_to, known_str, may_point_to, why_unknown};
use super::{Ctx, Rule, Verdict};
use crate::source::Loc;
use crate::terraform::value::{json_decode, Part};
use crate::terraform::{Instance, Value};

pub struct SqsRedrive;

const ID: &str = "PE003";
const FIX: &str = "set `redrive_policy = jsonencode({ deadLetterTargetArn = aws_sqs_queue.<dlq>.arn, maxReceiveCount = 3 })`";

/// A redrive policy and where it is written.
struct Redrive<'a> {
    value: Value,
    owner: &'a Instance,
    loc: Loc,
}

impl Rule for SqsRedrive {
    fn id(&self) -> &'static str {
        ID
    }

    fn check(&self, cx: &Ctx<'_>) -> Vec<Verdict> {
        let queues: Vec<&Arc<Instance>> = cx.resources("aws_sqs_queue").collect();
        let policies: Vec<&Arc<Instance>> = cx.resources("aws_sqs_queue_redrive_policy").collect();
        let allow: Vec<&Arc<Instance>> =
            cx.resources("aws_sqs_queue_redrive_allow_policy").collect();
        // Every redrive policy in the configuration, decoded, to find the dead-letter queues.
        let all_targets: Vec<Value> = queues
            .iter()
            .filter_map(|q| q.attr("redrive_policy"))
            .chain(policies.iter().filter_map(|p| p.attr("redrive_policy")))
            .filter_map(|v| decode(&v).ok())
            .filter_map(|d| d.get("deadLetterTargetArn"))
            .collect();
        let mut out = Vec::new();
        for q in &queues {
            let is_dlq = all_targets.iter().any(|t| targets_queue(t, q))
                || q.attr("redrive_allow_policy").is_some_and(|v| !v.is_null())
                || allow.iter().any(|a| attr_refers_to(a, "queue_url", q));
            let redrive = redrive_of(q, &policies);
            if is_dlq && redrive.is_none() {
                out.push(cx.pass(ID, q, "dead-letter queue"));
                continue;
            }
            let maybe_dlq = all_targets.iter().find(|t| may_point_to(t, q));
            match (redrive, maybe_dlq) {
                (None, Some(t)) => out.push(cx.unresolved(
                    ID,
                    q,
                    "",
                    format!(
                        "{}: the queue has no redrive policy, and it may be the dead-letter queue of a redrive policy whose target cannot be resolved ({})",
                        q.address,
                        t.display()
                    ),
                    FIX,
                )),
                (None, None) => out.push(cx.fail(
                    ID,
                    q,
                    "",
                    format!(
                        "{}: the queue has no dead-letter queue (no redrive policy)",
                        q.address
                    ),
                    FIX,
                )),
                (Some(r), _) => out.push(judge(cx, q, &r, &queues)),
            }
        }
        out
    }
}

fn redrive_of<'a>(q: &'a Instance, policies: &'a [&'a Arc<Instance>]) -> Option<Redrive<'a>> {
    if let Some(v) = q
        .attr("redrive_policy")
        .filter(|v| !v.is_null() && v.as_str() != Some(""))
    {
        return Some(Redrive {
            value: v,
            owner: q,
            loc: q.loc_of("redrive_policy"),
        });
    }
    let by_name = known_str(q, "name");
    policies
        .iter()
        .find(|p| {
            attr_refers_to(p, "queue_url", q)
                || by_name.as_ref().is_some_and(|n| {
                    known_str(p, "queue_url").is_some_and(|u| u.ends_with(&format!("/{n}")))
                })
        })
        .and_then(|p| {
            p.attr("redrive_policy").map(|v| Redrive {
                value: v,
                owner: p.as_ref(),
                loc: p.loc_of("redrive_policy"),
            })
        })
}

/// The policy as an object: JSON text (known or with unknown pieces) is decoded.
fn decode(v: &Value) -> Result<Value, String> {
    match v {
        Value::Object(_) => Ok(v.clone()),
        _ => json_decode(v),
    }
}

/// Does a `deadLetterTargetArn` value point at queue `q`?
fn targets_queue(target: &Value, q: &Instance) -> bool {
    if super::util::points_to(target, q) {
        return true;
    }
    match (target.as_str(), known_str(q, "name")) {
        (Some(arn), Some(name)) => arn.starts_with("arn:") && arn.ends_with(&format!(":{name}")),
        _ => false,
    }
}

/// Does the value refer to some SQS queue (by reference or as a literal SQS ARN)?
fn is_queue_ref(target: &Value) -> Option<bool> {
    let refs = target.referenced_resources();
    if refs.iter().any(|r| r.contains("aws_sqs_queue.")) {
        return Some(true);
    }
    if !refs.is_empty() {
        // A reference to some other resource (an SNS topic, say) is known not to be a queue.
        return Some(false);
    }
    match target {
        Value::String(s) => Some(s.starts_with("arn:") && s.contains(":sqs:")),
        Value::Partial(parts) => match parts.first() {
            Some(Part::Lit(s)) if s.starts_with("arn:") => Some(s.contains(":sqs:")),
            _ => None,
        },
        _ => None,
    }
}

fn judge(cx: &Ctx<'_>, q: &Instance, r: &Redrive<'_>, _queues: &[&Arc<Instance>]) -> Verdict {
    let via = if std::ptr::eq(r.owner, q) {
        String::new()
    } else {
        format!(" (set by {})", r.owner.address)
    };
    let doc = match decode(&r.value) {
        Ok(d) => d,
        Err(_) if !r.value.is_wholly_known() => {
            return cx.unresolved_at(
                ID,
                q,
                r.loc,
                format!(
                    "{}: the redrive policy cannot be resolved statically: {}",
                    q.address,
                    why_unknown(&r.value)
                ),
                FIX,
            )
        }
        Err(e) => {
            return cx.unresolved_at(
                ID,
                q,
                r.loc,
                format!(
                    "{}: the redrive policy is not valid JSON ({e}){via}",
                    q.address
                ),
                FIX,
            )
        }
    };
    if doc.is_unknown() {
        return cx.unresolved_at(
            ID,
            q,
            r.loc,
            format!(
                "{}: the redrive policy cannot be resolved statically: {}",
                q.address,
                why_unknown(&doc)
            ),
            FIX,
        );
    }
    let target = doc.get("deadLetterTargetArn").unwrap_or(Value::Null);
    match is_queue_ref(&target) {
        Some(true) => {}
        None if !target.is_null() && !target.is_wholly_known() => {
            return cx.unresolved_at(
                ID,
                q,
                r.loc,
                format!(
                    "{}: deadLetterTargetArn cannot be resolved statically: {}",
                    q.address,
                    why_unknown(&target)
                ),
                FIX,
            )
        }
        _ => {
            return cx.fail_at(
                ID,
                q,
                r.loc,
                format!(
                    "{}: deadLetterTargetArn is {}, not an SQS queue{via}",
                    q.address,
                    target.display()
                ),
                FIX,
            )
        }
    }
    let count = doc.get("maxReceiveCount").unwrap_or(Value::Null);
    match count.as_f64() {
        Some(3.0) => cx.pass(ID, q, format!("redrives after 3 receives{via}")),
        Some(_) => cx.fail_at(
            ID,
            q,
            r.loc,
            format!(
                "{}: maxReceiveCount is {}, the platform requires exactly 3{via}",
                q.address,
                count.display()
            ),
            "set `maxReceiveCount = 3` in the redrive policy",
        ),
        None if !count.is_wholly_known() => cx.unresolved_at(
            ID,
            q,
            r.loc,
            format!(
                "{}: maxReceiveCount cannot be resolved statically: {}",
                q.address,
                why_unknown(&count)
            ),
            "set `maxReceiveCount = 3` in the redrive policy",
        ),
        None => cx.fail_at(
            ID,
            q,
            r.loc,
            format!(
                "{}: maxReceiveCount is {}, the platform requires exactly 3{via}",
                q.address,
                count.display()
            ),
            "set `maxReceiveCount = 3` in the redrive policy",
        ),
    }
}

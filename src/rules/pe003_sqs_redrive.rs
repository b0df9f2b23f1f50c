//! PE003 sqs-dlq-redrive: every queue that is not a dead-letter queue redrives to one after
//! exactly 3 receives.

use std::sync::Arc;

use super::util::{attr_refers_to, known_str, may_point_to, why_unknown};
use super::{Ctx, Rule, Status, Verdict};
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
        let (targets, unknown_targets) = dead_letter_targets(cx, &queues, &policies);
        let mut out = Vec::new();
        for q in &queues {
            let redrives = redrives_of(q, &policies);
            let allow_policies: Vec<Value> = q
                .attr("redrive_allow_policy")
                .into_iter()
                .chain(
                    allow
                        .iter()
                        .filter(|a| attr_refers_to(a, "queue_url", q))
                        .filter_map(|a| a.attr("redrive_allow_policy")),
                )
                .filter(|v| !v.is_null() && v.as_str() != Some(""))
                .collect();
            let denies_all = allow_policies.iter().any(denies_redrive);
            let is_dlq = targets.iter().any(|t| targets_queue(t, q))
                || allow_policies.iter().any(allows_redrive);
            if redrives.is_empty() {
                out.push(if is_dlq {
                    cx.pass(ID, q, "dead-letter queue")
                } else if let Some(origin) = unknown_targets.first().filter(|_| !denies_all) {
                    cx.unresolved(
                        ID,
                        q,
                        "",
                        format!(
                            "{}: the queue has no redrive policy, but it may be the dead-letter queue that {} names",
                            q.address, origin
                        ),
                        FIX,
                    )
                } else if let Some(t) = targets
                    .iter()
                    .find(|t| may_point_to(t, q))
                    .filter(|_| !denies_all)
                {
                    // A plan's `aws_sqs_queue.dlq[count.index]`: one of this block's instances,
                    // and nothing says which.
                    cx.unresolved(
                        ID,
                        q,
                        "",
                        format!(
                            "{}: the queue has no redrive policy, and it may be the dead-letter queue of a redrive policy whose target cannot be resolved ({})",
                            q.address,
                            t.display()
                        ),
                        FIX,
                    )
                } else {
                    cx.fail(
                        ID,
                        q,
                        "",
                        format!(
                            "{}: the queue has no dead-letter queue (no redrive policy)",
                            q.address
                        ),
                        FIX,
                    )
                });
                continue;
            }
            // Every policy that is applied must say 3: the queue's own and any separate
            // aws_sqs_queue_redrive_policy (applied after it, and fighting it on every apply).
            let verdicts: Vec<Verdict> = redrives.iter().map(|r| judge(cx, q, r)).collect();
            out.push(worst(verdicts));
        }
        out
    }
}

/// The first failure, else the first unresolved, else the first pass.
fn worst(verdicts: Vec<Verdict>) -> Verdict {
    let rank = |v: &Verdict| match v.status {
        Status::Fail => 0,
        Status::Unresolved => 1,
        _ => 2,
    };
    let best = verdicts.iter().map(rank).min().unwrap_or(2);
    verdicts
        .into_iter()
        .find(|v| rank(v) == best)
        .expect("at least one verdict")
}

/// Dead-letter targets named anywhere: SQS redrive policies, and the dead-letter or
/// on-failure destinations of Lambda, event source mappings, SNS subscriptions, EventBridge
/// targets and schedules. Second: what names a target that is not known (any queue without
/// a redrive policy may be it).
fn dead_letter_targets(
    cx: &Ctx<'_>,
    queues: &[&Arc<Instance>],
    policies: &[&Arc<Instance>],
) -> (Vec<Value>, Vec<String>) {
    let mut targets = Vec::new();
    let mut unknown = Vec::new();
    let redrive_texts = queues
        .iter()
        .map(|q| (*q, q.attr("redrive_policy")))
        .chain(policies.iter().map(|p| (*p, p.attr("redrive_policy"))))
        .chain(
            cx.resources("aws_sns_topic_subscription")
                .map(|s| (s, s.attr("redrive_policy"))),
        );
    for (owner, text) in redrive_texts {
        let Some(text) = text.filter(|v| !v.is_null() && v.as_str() != Some("")) else {
            continue;
        };
        match decode(&text) {
            Ok(d) => match d.get("deadLetterTargetArn") {
                Some(t) => targets.push(t),
                None if d.is_unknown() => targets.push(d),
                None => {}
            },
            Err(_) if !text.is_wholly_known() => targets.push(text),
            Err(_) => {}
        }
        if let Some(t) = targets.last() {
            if may_name_any_queue(t) {
                unknown.push(format!("the redrive policy of {}", owner.address));
            }
        }
    }
    for (rtype, path) in DESTINATIONS {
        for r in cx.resources(rtype) {
            for t in at_path(&r.values, path) {
                if may_name_any_queue(&t) {
                    unknown.push(format!("a dead-letter destination of {}", r.address));
                }
                targets.push(t);
            }
        }
    }
    unknown.sort();
    unknown.dedup();
    (targets, unknown)
}

/// Where other services name a dead-letter (on-failure) destination, as a path of blocks.
const DESTINATIONS: &[(&str, &[&str])] = &[
    (
        "aws_cloudwatch_event_target",
        &["dead_letter_config", "arn"],
    ),
    (
        "aws_lambda_event_source_mapping",
        &["destination_config", "on_failure", "destination_arn"],
    ),
    ("aws_lambda_function", &["dead_letter_config", "target_arn"]),
    (
        "aws_lambda_function_event_invoke_config",
        &["destination_config", "on_failure", "destination"],
    ),
    (
        "aws_pipes_pipe",
        &[
            "source_parameters",
            "sqs_queue_parameters",
            "dead_letter_config",
            "arn",
        ],
    ),
    (
        "aws_scheduler_schedule",
        &["target", "dead_letter_config", "arn"],
    ),
];

/// The non-null values at a path of nested blocks (each a list of objects).
fn at_path(v: &Value, path: &[&str]) -> Vec<Value> {
    let Some((first, rest)) = path.split_first() else {
        return if v.is_null() { vec![] } else { vec![v.clone()] };
    };
    if v.is_unknown() {
        return vec![v.clone()];
    }
    match v.get(first) {
        Some(Value::List(items)) if !rest.is_empty() => {
            items.iter().flat_map(|i| at_path(i, rest)).collect()
        }
        Some(x) => at_path(&x, rest),
        None => vec![],
    }
}

/// A target that is not known and names no resource (a variable, a remote state output):
/// it may be any queue of this configuration.
fn may_name_any_queue(t: &Value) -> bool {
    !t.is_wholly_known() && t.referenced_resources().is_empty()
}

/// A redrive allow policy lets some source queue redrive here: `allowAll`, or `byQueue` with
/// source queues. `denyAll` makes no dead-letter queue; an unknown policy is taken as one
/// (its source queues redrive to it, and they are checked themselves).
fn allows_redrive(v: &Value) -> bool {
    let Ok(doc) = decode(v) else {
        return !v.is_wholly_known();
    };
    match permission(&doc).as_deref() {
        Some("denyall") => false,
        Some("byqueue") => match doc.get("sourceQueueArns") {
            Some(Value::List(items)) => !items.is_empty(),
            Some(other) => !other.is_null(),
            None => false,
        },
        _ => true,
    }
}

/// `denyAll`: no queue can use this one as its dead-letter queue.
fn denies_redrive(v: &Value) -> bool {
    decode(v).is_ok_and(|doc| permission(&doc).as_deref() == Some("denyall"))
}

fn permission(doc: &Value) -> Option<String> {
    doc.get("redrivePermission")
        .and_then(|p| p.as_str().map(str::to_ascii_lowercase))
}

/// The queue's own redrive policy and those of aws_sqs_queue_redrive_policy resources for it.
fn redrives_of<'a>(q: &'a Instance, policies: &'a [&'a Arc<Instance>]) -> Vec<Redrive<'a>> {
    let mut out = Vec::new();
    if let Some(v) = q
        .attr("redrive_policy")
        .filter(|v| !v.is_null() && v.as_str() != Some(""))
    {
        out.push(Redrive {
            value: v,
            owner: q,
            loc: q.loc_of("redrive_policy"),
        });
    }
    let by_name = known_str(q, "name");
    for p in policies.iter().filter(|p| {
        attr_refers_to(p, "queue_url", q)
            || by_name.as_ref().is_some_and(|n| {
                known_str(p, "queue_url").is_some_and(|u| u.ends_with(&format!("/{n}")))
            })
    }) {
        if let Some(v) = p.attr("redrive_policy") {
            out.push(Redrive {
                value: v,
                owner: p.as_ref(),
                loc: p.loc_of("redrive_policy"),
            });
        }
    }
    out
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

fn judge(cx: &Ctx<'_>, q: &Instance, r: &Redrive<'_>) -> Verdict {
    let via = if std::ptr::eq(r.owner, q) {
        String::new()
    } else {
        format!(" (set by {})", r.owner.address)
    };
    let doc = match redrive_document(cx, q, r, &via) {
        Ok(doc) => doc,
        Err(unresolved) => return *unresolved,
    };
    if let Some(not_a_queue) = judge_target(cx, q, r, &doc, &via) {
        return not_a_queue;
    }
    judge_count(cx, q, r, &doc, &via)
}

/// The redrive policy as an object; the unresolved verdict when it cannot be read.
fn redrive_document(
    cx: &Ctx<'_>,
    q: &Instance,
    r: &Redrive<'_>,
    via: &str,
) -> Result<Value, Box<Verdict>> {
    let unknown = |v: &Value| {
        cx.unresolved_at(
            ID,
            q,
            r.loc,
            format!(
                "{}: the redrive policy cannot be resolved statically: {}",
                q.address,
                why_unknown(v)
            ),
            FIX,
        )
    };
    let doc = match decode(&r.value) {
        Ok(d) => d,
        Err(_) if !r.value.is_wholly_known() => return Err(Box::new(unknown(&r.value))),
        Err(e) => {
            return Err(Box::new(cx.unresolved_at(
                ID,
                q,
                r.loc,
                format!(
                    "{}: the redrive policy is not valid JSON ({e}){via}",
                    q.address
                ),
                FIX,
            )))
        }
    };
    if doc.is_unknown() {
        return Err(Box::new(unknown(&doc)));
    }
    Ok(doc)
}

/// The verdict when `deadLetterTargetArn` is not (or not known to be) an SQS queue.
fn judge_target(
    cx: &Ctx<'_>,
    q: &Instance,
    r: &Redrive<'_>,
    doc: &Value,
    via: &str,
) -> Option<Verdict> {
    let target = doc.get("deadLetterTargetArn").unwrap_or(Value::Null);
    match is_queue_ref(&target) {
        Some(true) => None,
        None if !target.is_null() && !target.is_wholly_known() => Some(cx.unresolved_at(
            ID,
            q,
            r.loc,
            format!(
                "{}: deadLetterTargetArn cannot be resolved statically: {}",
                q.address,
                why_unknown(&target)
            ),
            FIX,
        )),
        _ => Some(cx.fail_at(
            ID,
            q,
            r.loc,
            format!(
                "{}: deadLetterTargetArn is {}, not an SQS queue{via}",
                q.address,
                target.display()
            ),
            FIX,
        )),
    }
}

/// `maxReceiveCount`: exactly 3.
fn judge_count(cx: &Ctx<'_>, q: &Instance, r: &Redrive<'_>, doc: &Value, via: &str) -> Verdict {
    const COUNT_FIX: &str = "set `maxReceiveCount = 3` in the redrive policy";
    let count = doc.get("maxReceiveCount").unwrap_or(Value::Null);
    match count.as_f64() {
        Some(3.0) => cx.pass(ID, q, format!("redrives after 3 receives{via}")),
        None if !count.is_wholly_known() => cx.unresolved_at(
            ID,
            q,
            r.loc,
            format!(
                "{}: maxReceiveCount cannot be resolved statically: {}",
                q.address,
                why_unknown(&count)
            ),
            COUNT_FIX,
        ),
        _ => cx.fail_at(
            ID,
            q,
            r.loc,
            format!(
                "{}: maxReceiveCount is {}, the platform requires exactly 3{via}",
                q.address,
                count.display()
            ),
            COUNT_FIX,
        ),
    }
}

// ---------------------------------------------------------------------------------------------
// Evidence cells (the `evidence` block of rules/PE003-sqs-dlq-redrive.hcl)

/// Each row's redrive policy decoded to an object: the queue's own `redrive_policy`, else
/// that of the first `aws_sqs_queue_redrive_policy` of its root that refers to it.
fn inventory_redrives(t: &super::evidence::Rows<'_>) -> Vec<Option<Value>> {
    let decoded = |v: Value| match v {
        Value::Null => None,
        Value::Object(_) => Some(v),
        _ => json_decode(&v).ok(),
    };
    let mut by_root: std::collections::BTreeMap<usize, Vec<&Instance>> = Default::default();
    t.rows
        .iter()
        .map(|&(root, q)| {
            if let Some(p) = q.attr("redrive_policy").and_then(decoded) {
                return Some(p);
            }
            let policies = by_root
                .entry(root)
                .or_insert_with(|| t.inventory.instances(root, "aws_sqs_queue_redrive_policy"));
            policies
                .iter()
                .find(|p| attr_refers_to(p, "queue_url", q))
                .and_then(|p| p.attr("redrive_policy"))
                .and_then(decoded)
        })
        .collect()
}

/// The dead-letter queue a queue's redrive policy names; for a queue without one, the queues
/// whose dead-letter queue it is, or **none**.
pub(super) fn dead_letter_cells(t: &super::evidence::Rows<'_>) -> Vec<super::evidence::Cell> {
    use super::evidence::{reference_or_value, text, Piece};
    let targets: Vec<Option<Value>> = inventory_redrives(t)
        .into_iter()
        .map(|p| p.and_then(|p| p.get("deadLetterTargetArn")))
        .collect();
    // The queues of the same root whose redrive policy names `q`.
    let dlq_of = |root: usize, q: &Instance| {
        t.rows
            .iter()
            .zip(&targets)
            .filter(|&(&(or, _), target)| {
                or == root
                    && target
                        .as_ref()
                        .is_some_and(|t| t.referenced_resources().iter().any(|a| **a == *q.address))
            })
            .map(|((_, o), _)| o.address.clone())
            .collect::<Vec<String>>()
    };
    t.rows
        .iter()
        .zip(&targets)
        .map(|(&(root, q), target)| match target {
            Some(v) => reference_or_value(v.clone()),
            None => {
                let sources = dlq_of(root, q);
                if sources.is_empty() {
                    return vec![Piece::Strong("none".into())];
                }
                let mut cell = text("is the DLQ of ");
                for (n, s) in sources.into_iter().enumerate() {
                    if n > 0 {
                        cell.push(Piece::Text(", ".into()));
                    }
                    cell.push(Piece::Code(s));
                }
                cell
            }
        })
        .collect()
}

/// `maxReceiveCount` of the redrive policy; a dash without one.
pub(super) fn max_receive_cells(t: &super::evidence::Rows<'_>) -> Vec<super::evidence::Cell> {
    use super::evidence::{show, text};
    inventory_redrives(t)
        .into_iter()
        .map(|p| match p {
            Some(p) => text(show(p.get("maxReceiveCount"))),
            None => text("—"),
        })
        .collect()
}

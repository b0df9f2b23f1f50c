//! PE002 s3-public-access-block: every bucket has a public access block with all four flags.
//!
//! S3 applies, flag by flag, the stricter of the account's and the bucket's settings, so each
//! flag is decided on its own. Ambiguity is never credit: a block that may not exist (unknown
//! `count`), may be another bucket's (unknown `bucket`), or may lose to another block for the
//! same bucket (Terraform does not order two blocks, the last one applied wins) cannot make a
//! flag certainly on.

use std::sync::Arc;

use super::util::{attr_refers_to, known_str, may_point_to, why_unknown};
use super::{Ctx, Rule, Verdict};
use crate::source::Loc;
use crate::terraform::model::ProviderRef;
use crate::terraform::{Instance, Value};

pub struct S3PublicAccess;

const ID: &str = "PE002";
pub const FLAGS: [&str; 4] = [
    "block_public_acls",
    "block_public_policy",
    "ignore_public_acls",
    "restrict_public_buckets",
];

/// What one flag will be once applied, with where to look and why when not on.
#[derive(Clone)]
enum Flag {
    On(String),
    Off(Loc, String, String),
    Unknown(Loc, String),
}

/// How sure it is that a block applies to the bucket in question.
enum Applies {
    Surely,
    /// It may not exist or may be another bucket's: the reason and where to look.
    Maybe(Loc, String),
}

/// The same provider configuration: the same account and region.
fn same_provider(a: &ProviderRef, b: &ProviderRef) -> bool {
    a.key == b.key && a.loc == b.loc
}

/// One flag as one block sets it.
fn flag_of(block: &Instance, flag: &'static str) -> Flag {
    match block.attr(flag) {
        // Terraform converts "1" to true for a bool argument, as it does "true".
        Some(v) if v.as_bool() == Some(true) || v.as_str() == Some("1") => {
            Flag::On(block.address.clone())
        }
        Some(v) if !v.is_wholly_known() => Flag::Unknown(
            block.loc_of(flag),
            format!(
                "`{flag}` in {} cannot be resolved statically: {}",
                block.address,
                why_unknown(&v)
            ),
        ),
        Some(v) if v.is_null() => missing_flag(block, flag),
        Some(_) => Flag::Off(
            block.loc_of(flag),
            format!("`{flag}` is false in {}", block.address),
            format!("set `{flag} = true` in {}", block.address),
        ),
        None => missing_flag(block, flag),
    }
}

fn missing_flag(block: &Instance, flag: &'static str) -> Flag {
    let at = if block.rtype == "aws_s3_bucket_public_access_block" {
        Loc::default()
    } else {
        block.header_loc()
    };
    Flag::Off(
        at,
        format!(
            "`{flag}` is not set (defaults to false) in {}",
            block.address
        ),
        format!("set `{flag} = true` in {}", block.address),
    )
}

/// One flag over every block that may apply: off when a block that surely applies sets it off
/// (it may be the one applied last), on when every such block sets it on and one surely
/// applies, unknown otherwise. `None` when no block applies at all.
fn combine(blocks: &[(&Arc<Instance>, Applies)], flag: &'static str) -> Option<Flag> {
    let mut unknown = None;
    let mut on = None;
    for (block, applies) in blocks {
        match (flag_of(block, flag), applies) {
            (off @ Flag::Off(..), Applies::Surely) => return Some(off),
            (Flag::Off(_, why, _), Applies::Maybe(at, reason)) => {
                unknown.get_or_insert(Flag::Unknown(*at, format!("{why}, and {reason}")));
            }
            (u @ Flag::Unknown(..), _) => {
                unknown.get_or_insert(u);
            }
            (Flag::On(by), Applies::Surely) => {
                on.get_or_insert(Flag::On(by));
            }
            (Flag::On(_), Applies::Maybe(at, reason)) => {
                unknown.get_or_insert(Flag::Unknown(*at, reason.clone()));
            }
        }
    }
    match (unknown, on) {
        (Some(u), _) => Some(u),
        (None, on) => on,
    }
}

/// A flag is on when either the account or the bucket turns it on.
fn effective(account: Option<Flag>, bucket: Option<Flag>) -> Option<Flag> {
    match (account, bucket) {
        (Some(on @ Flag::On(_)), _) | (_, Some(on @ Flag::On(_))) => Some(on),
        (_, Some(u @ Flag::Unknown(..))) | (Some(u @ Flag::Unknown(..)), _) => Some(u),
        (_, Some(off)) => Some(off),
        (Some(_), None) | (None, None) => None,
    }
}

impl Rule for S3PublicAccess {
    fn id(&self) -> &'static str {
        ID
    }

    fn check(&self, cx: &Ctx<'_>) -> Vec<Verdict> {
        let pabs: Vec<&Arc<Instance>> = cx.resources("aws_s3_bucket_public_access_block").collect();
        let accounts: Vec<&Arc<Instance>> =
            cx.resources("aws_s3_account_public_access_block").collect();
        cx.resources("aws_s3_bucket")
            .map(|bucket| {
                let own = blocks_of(cx, bucket, &pabs);
                let account: Vec<(&Arc<Instance>, Applies)> = accounts
                    .iter()
                    .filter(|a| same_provider(&a.provider, &bucket.provider))
                    .map(|a| (*a, existence(a)))
                    .collect();
                judge(cx, bucket, &own, &account, &pabs, &accounts)
            })
            .collect()
    }
}

/// A block whose `count`/`for_each` is unknown may not exist.
fn existence(block: &Instance) -> Applies {
    if block.unresolved_expansion {
        Applies::Maybe(
            block.header_loc(),
            format!(
                "{} may not exist (its count or for_each cannot be resolved)",
                block.address
            ),
        )
    } else {
        Applies::Surely
    }
}

/// How a block's `bucket` names a bucket.
enum Names {
    /// Its name: the bucket's `id` or `bucket`, or the same literal name.
    Name,
    /// One of its other attributes (`arn`, `region`): the apply fails or targets another
    /// bucket, so the block protects nothing here.
    Other(String),
    /// Something mixed with the bucket's name: it may or may not be.
    Mixed,
    Not,
}

/// How `p`'s `bucket` names `bucket`. A `data.aws_s3_bucket` looked up by the bucket's name
/// is followed, once.
fn names(cx: &Ctx<'_>, p: &Instance, bucket: &Instance) -> Names {
    let name = known_str(bucket, "bucket");
    let Some(mut v) = p.attr("bucket") else {
        return Names::Not;
    };
    if let Some(looked_up) = data_bucket(cx, &v) {
        v = looked_up;
    }
    if name.is_some() && v.as_str().map(str::to_string) == name {
        return Names::Name;
    }
    if !v
        .referenced_resources()
        .iter()
        .any(|a| **a == *bucket.address)
    {
        let precise = !v.referenced_resources().is_empty();
        return match !precise && attr_refers_to(p, "bucket", bucket) {
            true => Names::Name,
            false => Names::Not,
        };
    }
    let Value::Unknown(u) = &v else {
        return Names::Mixed;
    };
    let [o] = u.origins.as_slice() else {
        return Names::Mixed;
    };
    match (o.resource.as_deref(), attribute(o)) {
        (Some(r), Some("id" | "bucket")) if r == bucket.address => Names::Name,
        (Some(r), Some(attr)) if r == bucket.address && !attr.is_empty() => {
            Names::Other(o.text.to_string())
        }
        _ => Names::Mixed,
    }
}

/// The attribute an origin reads from its resource (`arn` of `aws_s3_bucket.b.arn`).
fn attribute(o: &crate::terraform::Origin) -> Option<&str> {
    let resource = o.resource.as_deref()?;
    o.text.strip_prefix(resource)?.strip_prefix('.')
}

/// The `bucket` argument of the `data.aws_s3_bucket` whose `id`/`bucket` `v` is.
fn data_bucket(cx: &Ctx<'_>, v: &Value) -> Option<Value> {
    let Value::Unknown(u) = v else { return None };
    let [o] = u.origins.as_slice() else {
        return None;
    };
    let from = o.resource.as_deref()?;
    if !matches!(attribute(o), Some("id" | "bucket")) {
        return None;
    }
    cx.data("aws_s3_bucket")
        .find(|d| *d.address == *from)
        .and_then(|d| d.attr("bucket"))
}

/// The bucket-level blocks that apply, or may apply, to `bucket` through its own provider.
fn blocks_of<'a>(
    cx: &Ctx<'_>,
    bucket: &Instance,
    pabs: &[&'a Arc<Instance>],
) -> Vec<(&'a Arc<Instance>, Applies)> {
    let mut out = Vec::new();
    for p in pabs
        .iter()
        .filter(|p| same_provider(&p.provider, &bucket.provider))
    {
        let why = match names(cx, p, bucket) {
            Names::Name => {
                out.push((*p, existence(p)));
                continue;
            }
            Names::Other(_) => continue,
            Names::Mixed => format!(
                "the bucket of {} is built from this bucket's attributes and may not be its name",
                p.address
            ),
            Names::Not if undecided(cx, p, bucket, known_str(bucket, "bucket").is_none()) => {
                format!(
                    "the bucket of {} cannot be resolved, so it may be this one",
                    p.address
                )
            }
            Names::Not => continue,
        };
        out.push((*p, Applies::Maybe(bucket.header_loc(), why)));
    }
    out
}

/// Might block `p`, which refers to no bucket for sure, be `bucket`'s?
fn undecided(cx: &Ctx<'_>, p: &Instance, bucket: &Instance, name_unknown: bool) -> bool {
    let v = p.attr("bucket").unwrap_or(Value::Null);
    may_point_to(&v, bucket)
        || !v.is_wholly_known()
            && v.referenced_resources()
                .iter()
                .all(|r| !r.contains("aws_s3_bucket."))
        || (name_unknown
            && v.as_str().is_some()
            && !cx
                .resources("aws_s3_bucket")
                .any(|b| known_str(b, "bucket") == v.as_str().map(str::to_string)))
}

/// The verdict: every flag on passes; the first flag off fails at the block that sets it (the
/// bucket when no block does); else the first unknown flag is unresolved.
fn judge(
    cx: &Ctx<'_>,
    bucket: &Instance,
    own: &[(&Arc<Instance>, Applies)],
    account: &[(&Arc<Instance>, Applies)],
    pabs: &[&Arc<Instance>],
    accounts: &[&Arc<Instance>],
) -> Verdict {
    let flags: Vec<(&str, Option<Flag>)> = FLAGS
        .iter()
        .map(|f| (*f, effective(combine(account, f), combine(own, f))))
        .collect();
    if let Some((at, why, fix)) = flags.iter().find_map(|(_, v)| match v {
        Some(Flag::Off(at, why, fix)) => Some((*at, why, fix)),
        _ => None,
    }) {
        // A flag missing from a bucket-level block is reported on the bucket.
        let at = if at == Loc::default() {
            bucket.header_loc()
        } else {
            at
        };
        return cx.fail_at(ID, bucket, at, format!("{}: {why}", bucket.address), fix);
    }
    if flags.iter().any(|(_, v)| v.is_none()) {
        return no_block(cx, bucket, pabs, accounts);
    }
    if let Some((flag, at, why)) = flags.iter().find_map(|(f, v)| match v {
        Some(Flag::Unknown(at, why)) => Some((f, *at, why)),
        _ => None,
    }) {
        return cx.unresolved_at(
            ID,
            bucket,
            at,
            format!("{}: {why}", bucket.address),
            &format!("make sure a block that surely applies to this bucket sets `{flag} = true`, referring to it by reference (`bucket = aws_s3_bucket.x.id`)"),
        );
    }
    let mut by: Vec<String> = flags
        .iter()
        .filter_map(|(_, v)| match v {
            Some(Flag::On(by)) => Some(by.clone()),
            _ => None,
        })
        .collect();
    by.sort();
    by.dedup();
    cx.pass(ID, bucket, format!("all four flags on ({})", by.join(", ")))
}

/// No block applies to the bucket: a block or an account-level block through another provider
/// configuration (another account or region) is named, as it protects nothing here.
fn no_block(
    cx: &Ctx<'_>,
    bucket: &Instance,
    pabs: &[&Arc<Instance>],
    accounts: &[&Arc<Instance>],
) -> Verdict {
    let wrong = pabs.iter().find_map(|p| match names(cx, p, bucket) {
        Names::Other(text) => Some((p, text)),
        _ => None,
    });
    if let Some((p, text)) = wrong {
        return cx.fail_at(
            ID,
            bucket,
            p.loc_of("bucket"),
            format!(
                "{}: the `bucket` of {} is `{text}`, not the bucket's name, so it does not protect this bucket",
                bucket.address, p.address
            ),
            "set `bucket` to the bucket's `id` (its name)",
        );
    }
    let foreign = pabs
        .iter()
        .find(|p| {
            !same_provider(&p.provider, &bucket.provider)
                && matches!(names(cx, p, bucket), Names::Name)
        })
        .map(|p| (p.header_loc(), p.address.clone(), p.provider.key.clone()))
        .or_else(|| {
            accounts
                .iter()
                .find(|a| !same_provider(&a.provider, &bucket.provider))
                .map(|a| {
                    (
                        bucket.header_loc(),
                        a.address.clone(),
                        a.provider.key.clone(),
                    )
                })
        });
    match foreign {
        Some((at, block, provider)) => cx.fail_at(
            ID,
            bucket,
            at,
            format!(
                "{}: {block} is applied through the provider configuration `{provider}`, and the bucket through `{}`: another account or region, so it does not protect this bucket",
                bucket.address, bucket.provider.key
            ),
            "create the block through the bucket's own provider configuration (the same `provider` argument)",
        ),
        None => cx.fail(
            ID,
            bucket,
            "",
            format!("{}: no aws_s3_bucket_public_access_block refers to this bucket", bucket.address),
            "add an aws_s3_bucket_public_access_block with `bucket = <this bucket>.id` and all four flags set to true",
        ),
    }
}

// ---------------------------------------------------------------------------------------------
// Evidence cells (the `evidence` block of rules/PE002-s3-public-access-block.hcl)

/// Each row's bucket's public access block, as the inventory shows it: the first block (by
/// address, in the bucket's root) that refers to the bucket or names it.
fn inventory_blocks<'a>(t: &super::evidence::Rows<'a>) -> Vec<Option<&'a Instance>> {
    let mut by_root: std::collections::BTreeMap<usize, Vec<&'a Instance>> = Default::default();
    t.rows
        .iter()
        .map(|&(root, b)| {
            let blocks = by_root.entry(root).or_insert_with(|| {
                t.inventory
                    .instances(root, "aws_s3_bucket_public_access_block")
            });
            let name = b
                .attr("bucket")
                .and_then(|v| v.as_str().map(str::to_string));
            blocks.iter().copied().find(|p| {
                attr_refers_to(p, "bucket", b)
                    || name.is_some()
                        && p.attr("bucket")
                            .and_then(|v| v.as_str().map(str::to_string))
                            == name
            })
        })
        .collect()
}

/// The public access block's address, or **none**.
pub(super) fn block_cells(t: &super::evidence::Rows<'_>) -> Vec<super::evidence::Cell> {
    use super::evidence::{code, Piece};
    inventory_blocks(t)
        .into_iter()
        .map(|p| match p {
            Some(p) => code(p.address.clone()),
            None => vec![Piece::Strong("none".into())],
        })
        .collect()
}

/// One flag of the public access block: not set is false; no block, a dash.
pub(super) fn flag_cells(t: &super::evidence::Rows<'_>, flag: &str) -> Vec<super::evidence::Cell> {
    use super::evidence::{show, text};
    inventory_blocks(t)
        .into_iter()
        .map(|p| match p {
            Some(p) => match p.attr(flag) {
                None | Some(Value::Null) => text("not set (false)"),
                v => text(show(v)),
            },
            None => text("—"),
        })
        .collect()
}

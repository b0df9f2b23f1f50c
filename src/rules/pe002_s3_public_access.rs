//! PE002 s3-public-access-block: every bucket has a public access block with all four flags.

use std::sync::Arc;

use super::util::{attr_refers_to, known_str, may_point_to, why_unknown};
use super::{Ctx, Rule, Verdict};
use crate::terraform::{Instance, Value};

pub struct S3PublicAccess;

const ID: &str = "PE002";
pub const FLAGS: [&str; 4] = [
    "block_public_acls",
    "block_public_policy",
    "ignore_public_acls",
    "restrict_public_buckets",
];

enum FlagState {
    AllOn,
    Off(&'static str, bool),
    Unknown(&'static str, Value),
}

fn flags(pab: &Instance) -> FlagState {
    let mut unknown = None;
    for f in FLAGS {
        match pab.attr(f) {
            Some(v) => match v.as_bool() {
                Some(true) => {}
                Some(false) => return FlagState::Off(f, true),
                None if !v.is_wholly_known() => {
                    unknown.get_or_insert((f, v));
                }
                None => return FlagState::Off(f, true),
            },
            None => return FlagState::Off(f, false),
        }
    }
    match unknown {
        Some((f, v)) => FlagState::Unknown(f, v),
        None => FlagState::AllOn,
    }
}

impl Rule for S3PublicAccess {
    fn id(&self) -> &'static str {
        ID
    }

    fn check(&self, cx: &Ctx<'_>) -> Vec<Verdict> {
        let pabs: Vec<&Arc<Instance>> = cx.resources("aws_s3_bucket_public_access_block").collect();
        let account = cx
            .resources("aws_s3_account_public_access_block")
            .find(|a| matches!(flags(a), FlagState::AllOn));
        let mut out = Vec::new();
        for bucket in cx.resources("aws_s3_bucket") {
            if let Some(acct) = account {
                out.push(cx.pass(
                    ID,
                    bucket,
                    format!("covered by the account-level block {}", acct.address),
                ));
                continue;
            }
            let name = known_str(bucket, "bucket");
            let matched: Vec<&Arc<Instance>> = pabs
                .iter()
                .filter(|p| {
                    attr_refers_to(p, "bucket", bucket)
                        || (name.is_some() && known_str(p, "bucket") == name)
                })
                .copied()
                .collect();
            if matched.is_empty() {
                // A block whose bucket cannot be decided might be this bucket's.
                let undecided = pabs.iter().find(|p| {
                    let v = p.attr("bucket").unwrap_or(Value::Null);
                    may_point_to(&v, bucket)
                        || !v.is_wholly_known()
                            && v.referenced_resources()
                                .iter()
                                .all(|r| !r.contains("aws_s3_bucket."))
                        || (name.is_none()
                            && v.as_str().is_some()
                            && !cx
                                .resources("aws_s3_bucket")
                                .any(|b| known_str(b, "bucket") == v.as_str().map(str::to_string)))
                });
                match undecided {
                    Some(p) => out.push(cx.unresolved(
                        ID,
                        bucket,
                        "",
                        format!(
                            "{}: no public access block refers to this bucket, and the bucket of {} cannot be resolved, so it may be this one",
                            bucket.address, p.address
                        ),
                        "refer to the bucket by reference (`bucket = aws_s3_bucket.x.id`)",
                    )),
                    None => out.push(cx.fail(
                        ID,
                        bucket,
                        "",
                        format!("{}: no aws_s3_bucket_public_access_block refers to this bucket", bucket.address),
                        "add an aws_s3_bucket_public_access_block with `bucket = <this bucket>.id` and all four flags set to true",
                    )),
                }
                continue;
            }
            out.push(judge(cx, bucket, &matched));
        }
        out
    }
}

/// A bucket with one or more blocks: it passes when any block has every flag on.
fn judge(cx: &Ctx<'_>, bucket: &Instance, blocks: &[&Arc<Instance>]) -> Verdict {
    let mut first_problem: Option<Verdict> = None;
    for pab in blocks {
        let v = match flags(pab) {
            FlagState::AllOn => {
                return cx.pass(ID, bucket, format!("all four flags on in {}", pab.address))
            }
            FlagState::Off(flag, true) => cx.fail_at(
                ID,
                bucket,
                pab.loc_of(flag),
                format!("{}: `{flag}` is false in {}", bucket.address, pab.address),
                &format!("set `{flag} = true` in {}", pab.address),
            ),
            FlagState::Off(flag, false) => cx.fail(
                ID,
                bucket,
                "",
                format!(
                    "{}: `{flag}` is not set (defaults to false) in {}",
                    bucket.address, pab.address
                ),
                &format!("set `{flag} = true` in {}", pab.address),
            ),
            FlagState::Unknown(flag, val) => cx.unresolved_at(
                ID,
                bucket,
                pab.loc_of(flag),
                format!(
                    "{}: `{flag}` in {} cannot be resolved statically: {}",
                    bucket.address,
                    pab.address,
                    why_unknown(&val)
                ),
                &format!("set `{flag} = true`"),
            ),
        };
        first_problem.get_or_insert(v);
    }
    first_problem.unwrap_or_else(|| cx.pass(ID, bucket, "public access blocked"))
}

//! PE001 kms-key-rotation: every symmetric `aws_kms_key` has `enable_key_rotation = true`.

use super::util::why_unknown;
use super::{Ctx, Rule, Verdict};
use crate::terraform::Value;

pub struct KmsRotation;

const ID: &str = "PE001";
const FIX: &str = "set `enable_key_rotation = true` on the key";

impl Rule for KmsRotation {
    fn id(&self) -> &'static str {
        ID
    }

    fn check(&self, cx: &Ctx<'_>) -> Vec<Verdict> {
        let mut out = Vec::new();
        for key in cx.resources("aws_kms_key") {
            let spec = key.attr("customer_master_key_spec").unwrap_or(Value::Null);
            let rotation = key.attr("enable_key_rotation");
            let rotates = rotation.as_ref().and_then(Value::as_bool);
            // AWS cannot rotate asymmetric or HMAC keys.
            match spec.as_str() {
                Some(s) if s != "SYMMETRIC_DEFAULT" => continue,
                _ if !spec.is_null() && spec.as_str().is_none() && rotates != Some(true) => {
                    out.push(cx.unresolved(
                        ID,
                        key,
                        "customer_master_key_spec",
                        format!("{}: cannot tell whether the key is symmetric: customer_master_key_spec is unresolved ({})", key.address, why_unknown(&spec)),
                        FIX,
                    ));
                    continue;
                }
                _ => {}
            }
            let v = match rotation {
                None | Some(Value::Null) => {
                    out.push(cx.fail(
                        ID,
                        key,
                        "",
                        format!("{}: `enable_key_rotation` is not set, so the key never rotates (the default is false)", key.address),
                        "add `enable_key_rotation = true`",
                    ));
                    continue;
                }
                Some(v) => v,
            };
            match v.as_bool() {
                Some(true) => out.push(cx.pass(ID, key, "automatic rotation enabled")),
                Some(false) => out.push(cx.fail(
                    ID,
                    key,
                    "enable_key_rotation",
                    format!("{}: `enable_key_rotation` is false", key.address),
                    FIX,
                )),
                None if !v.is_wholly_known() => out.push(cx.unresolved(
                    ID,
                    key,
                    "enable_key_rotation",
                    format!(
                        "{}: `enable_key_rotation` cannot be resolved statically: {}",
                        key.address,
                        why_unknown(&v)
                    ),
                    "give the value a default or a tfvars value, or set it to `true`",
                )),
                None => out.push(cx.fail(
                    ID,
                    key,
                    "enable_key_rotation",
                    format!(
                        "{}: `enable_key_rotation` is {}, not true",
                        key.address,
                        v.display()
                    ),
                    FIX,
                )),
            }
        }
        out
    }
}

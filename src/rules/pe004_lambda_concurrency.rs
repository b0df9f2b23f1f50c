//! PE004 lambda-reserved-concurrency: every Lambda reserves concurrency (a value >= 0).

use super::util::why_unknown;
use super::{Ctx, Rule, Verdict};
use crate::terraform::Value;

pub struct LambdaConcurrency;

const ID: &str = "PE004";

impl Rule for LambdaConcurrency {
    fn id(&self) -> &'static str {
        ID
    }

    fn check(&self, cx: &Ctx<'_>) -> Vec<Verdict> {
        let mut out = Vec::new();
        for f in cx.resources("aws_lambda_function") {
            let attr = "reserved_concurrent_executions";
            match f.attr(attr) {
                None | Some(Value::Null) => out.push(cx.fail(
                    ID,
                    f,
                    "",
                    format!("{}: `reserved_concurrent_executions` is not set, so the function can take the whole account's concurrency", f.address),
                    "add `reserved_concurrent_executions = <n>` (n >= 0)",
                )),
                Some(v) => match v.as_f64() {
                    Some(n) if n >= 0.0 => out.push(cx.pass(ID, f, format!("reserved concurrency {}", v.display()))),
                    Some(n) => out.push(cx.fail(
                        ID,
                        f,
                        attr,
                        format!("{}: `reserved_concurrent_executions` is {} (unreserved)", f.address, crate::terraform::value::format_number(n)),
                        "set `reserved_concurrent_executions` to a value >= 0",
                    )),
                    None if !v.is_wholly_known() => out.push(cx.unresolved(
                        ID,
                        f,
                        attr,
                        format!("{}: `reserved_concurrent_executions` cannot be resolved statically: {}", f.address, why_unknown(&v)),
                        "give the value a default or a tfvars value",
                    )),
                    None => out.push(cx.fail(
                        ID,
                        f,
                        attr,
                        format!("{}: `reserved_concurrent_executions` is {}, not a number", f.address, v.display()),
                        "set `reserved_concurrent_executions` to a value >= 0",
                    )),
                },
            }
        }
        out
    }
}

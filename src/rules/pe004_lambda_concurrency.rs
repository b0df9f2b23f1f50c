//! PE004 lambda-reserved-concurrency: every Lambda reserves concurrency (a value >= 0).
//!
//! Written in the policy language: the `check` block of its policy file in `rules/` is the
//! rule (see docs/custom-rules.md); this registers it with the engine.

use super::{Ctx, Rule, Verdict};

pub struct LambdaConcurrency;

const ID: &str = "PE004";

impl Rule for LambdaConcurrency {
    fn id(&self) -> &'static str {
        ID
    }

    fn check(&self, cx: &Ctx<'_>) -> Vec<Verdict> {
        super::custom::run_builtin(ID, cx)
    }
}

//! PE001 kms-key-rotation: every symmetric `aws_kms_key` has `enable_key_rotation = true`.
//!
//! Written in the policy language: the `check` block of its policy file in `rules/` is the
//! rule (see docs/custom-rules.md); this registers it with the engine.

use super::{Ctx, Rule, Verdict};

pub struct KmsRotation;

const ID: &str = "PE001";

impl Rule for KmsRotation {
    fn id(&self) -> &'static str {
        ID
    }

    fn check(&self, cx: &Ctx<'_>) -> Vec<Verdict> {
        super::custom::run_builtin(ID, cx)
    }
}

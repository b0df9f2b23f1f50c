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

// ---------------------------------------------------------------------------------------------
// Evidence cells (the `evidence` block of rules/PE001-kms-key-rotation.hcl)

use super::evidence::{text, Cell, Rows};
use crate::terraform::Value;

/// The rotation period: AWS's 365 days when rotation is on and no period is set.
pub(super) fn rotation_period_cells(t: &Rows<'_>) -> Vec<Cell> {
    t.rows
        .iter()
        .map(|(_, k)| {
            let on = k.attr("enable_key_rotation").and_then(|v| v.as_bool()) == Some(true);
            text(match k.attr("rotation_period_in_days") {
                None | Some(Value::Null) if on => "365 (default)".to_string(),
                None | Some(Value::Null) => "—".to_string(),
                v => super::evidence::show(v),
            })
        })
        .collect()
}

/// Why a key has no PE001 verdict: the rule is disabled, or the key is asymmetric or HMAC
/// (AWS rotates only symmetric encryption keys).
pub(super) fn not_applicable_cells(t: &Rows<'_>) -> Vec<Cell> {
    let disabled = t.inventory.disabled_reason(t.rule);
    t.rows
        .iter()
        .map(|(_, k)| {
            let spec = super::evidence::show(k.attr("customer_master_key_spec"));
            text(if let Some(why) = disabled {
                format!("n/a: {} {why}", t.rule)
            } else if ["RSA_", "ECC_", "HMAC_", "SM2"]
                .iter()
                .any(|p| spec.starts_with(p))
            {
                "n/a: asymmetric or HMAC key (cannot rotate)".into()
            } else {
                "n/a".into()
            })
        })
        .collect()
}

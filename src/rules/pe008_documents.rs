//! Where each `data "aws_iam_policy_document"` ends up, so that PE008 checks a document only
//! when it can become an identity policy, and checks every other part of a policy itself.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use crate::rules::Ctx;
use crate::terraform::value::json_decode;
use crate::terraform::{Instance, Unknown, Value};

/// How a consuming attribute uses a policy.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Debug)]
enum Use {
    /// A permission policy of a principal: checked.
    Identity,
    /// `assume_role_policy`: who may assume a role, not what it may do.
    Trust,
    /// A policy attached to a resource (key, bucket, queue, ...): who may use that resource.
    ResourcePolicy,
    /// Anything else (a tag, an environment variable, another module's input we cannot see):
    /// checked, since it may still become an identity policy.
    Other,
}

/// Attributes that hold a resource-based policy (the principal is in the statement, the
/// resource is the one the policy is attached to).
const RESOURCE_POLICY_ATTRS: &[(&str, &str)] = &[
    ("aws_api_gateway_rest_api", "policy"),
    ("aws_api_gateway_rest_api_policy", "policy"),
    ("aws_backup_vault_policy", "policy"),
    ("aws_cloudwatch_event_bus_policy", "policy"),
    ("aws_cloudwatch_log_destination_policy", "access_policy"),
    ("aws_cloudwatch_log_resource_policy", "policy_document"),
    (
        "aws_codeartifact_domain_permissions_policy",
        "policy_document",
    ),
    (
        "aws_codeartifact_repository_permissions_policy",
        "policy_document",
    ),
    ("aws_dynamodb_resource_policy", "policy"),
    ("aws_ecr_registry_policy", "policy"),
    ("aws_ecr_repository_policy", "policy"),
    ("aws_ecrpublic_repository_policy", "policy"),
    ("aws_efs_file_system_policy", "policy"),
    ("aws_elasticsearch_domain", "access_policies"),
    ("aws_elasticsearch_domain_policy", "access_policies"),
    ("aws_glacier_vault", "access_policy"),
    ("aws_glue_resource_policy", "policy"),
    ("aws_kinesis_resource_policy", "policy"),
    ("aws_kms_key", "policy"),
    ("aws_kms_key_policy", "policy"),
    ("aws_lambda_layer_version_permission", "policy"),
    ("aws_media_store_container_policy", "policy"),
    ("aws_networkfirewall_resource_policy", "policy"),
    ("aws_opensearch_domain", "access_policies"),
    ("aws_opensearch_domain_policy", "access_policies"),
    ("aws_redshiftserverless_resource_policy", "policy"),
    ("aws_s3_access_point", "policy"),
    ("aws_s3_bucket", "policy"),
    ("aws_s3_bucket_policy", "policy"),
    ("aws_s3control_access_point_policy", "policy"),
    ("aws_s3control_bucket_policy", "policy"),
    ("aws_schemas_registry_policy", "policy"),
    ("aws_secretsmanager_secret", "policy"),
    ("aws_secretsmanager_secret_policy", "policy"),
    ("aws_ses_identity_policy", "policy"),
    ("aws_sns_topic", "policy"),
    ("aws_sns_topic_policy", "policy"),
    ("aws_sqs_queue", "policy"),
    ("aws_sqs_queue_policy", "policy"),
    ("aws_vpc_endpoint", "policy"),
];

/// Attributes holding an identity (permission) policy, checked part by part by PE008.
pub const IDENTITY_POLICY_ATTRS: &[(&str, &str)] = &[
    ("aws_iam_group_policy", "policy"),
    ("aws_iam_policy", "policy"),
    ("aws_iam_role", "inline_policy"),
    ("aws_iam_role_policy", "policy"),
    ("aws_iam_user_policy", "policy"),
    ("aws_ssoadmin_permission_set_inline_policy", "inline_policy"),
];

/// Attributes of a policy document that merge other documents into it.
pub const MERGED_ATTRS: [&str; 2] = ["source_policy_documents", "override_policy_documents"];

fn use_of(rtype: &str, attr: &str) -> Use {
    if IDENTITY_POLICY_ATTRS.contains(&(rtype, attr)) {
        Use::Identity
    } else if rtype == "aws_iam_role" && attr == "assume_role_policy" {
        Use::Trust
    } else if RESOURCE_POLICY_ATTRS.contains(&(rtype, attr)) {
        Use::ResourcePolicy
    } else {
        Use::Other
    }
}

fn is_document(i: &Instance) -> bool {
    i.mode == crate::terraform::Mode::Data && i.rtype == "aws_iam_policy_document"
}

/// The rendered output of every policy document in the root, to recognise a policy part that
/// is exactly one document (checked, and reported, on the document).
pub struct Documents<'a> {
    docs: Vec<&'a Arc<Instance>>,
}

impl<'a> Documents<'a> {
    pub fn new(cx: &Ctx<'a>) -> Documents<'a> {
        Documents {
            docs: cx.data("aws_iam_policy_document").collect(),
        }
    }

    /// Documents whose output `part` is. A partly unknown part must also be referenced by
    /// the attribute (`refs`): two unknowns may print alike without being the same value.
    pub fn matching(&self, part: &Value, refs: &[Arc<str>]) -> Vec<String> {
        if let Value::Unknown(u) = part {
            return self.unknown_output_of(u);
        }
        let same: Vec<String> = self
            .docs
            .iter()
            .filter(|d| {
                (part.is_wholly_known() || refs.iter().any(|r| **r == *d.address))
                    && ["json", "minified_json"].iter().any(|a| {
                        d.attr(a)
                            .is_some_and(|out| out == *part || same_document(&out, part))
                    })
            })
            .map(|d| d.address.clone())
            .collect();
        if !same.is_empty() {
            return same;
        }
        // A referenced document whose output is not known (with `--plan`, a data source read
        // only at apply): the text cannot be compared, and the document is reported as
        // unresolved itself.
        self.docs
            .iter()
            .filter(|d| {
                refs.iter().any(|r| **r == *d.address)
                    && !d.attr("json").is_some_and(|j| j.is_wholly_known())
            })
            .map(|d| d.address.clone())
            .collect()
    }
}

/// Two known JSON texts of the same document (the provider's rendering, in a plan, spaces its
/// JSON otherwise than pe-lint's).
fn same_document(a: &Value, b: &Value) -> bool {
    a.is_wholly_known()
        && b.is_wholly_known()
        && matches!((json_decode(a), json_decode(b)), (Ok(x), Ok(y)) if x == y)
}

impl Documents<'_> {
    /// An unknown that is wholly some documents' output (`data.x[0].json` where the count of
    /// `data.x` is unknown): those documents, each of which is checked (or unresolved) itself.
    fn unknown_output_of(&self, u: &Unknown) -> Vec<String> {
        let mut out = Vec::new();
        for o in &u.origins {
            let Some(addr) = &o.resource else {
                return vec![];
            };
            // `data.x.y[*]`: one of the block's instances, and the plan does not say which
            // nor which attribute (`data.x.y[each.key].json` is recorded as `data.x.y`). A
            // document's only values unknown at plan are its outputs (`json`, `minified_json`,
            // `id`), so it is one of them, each checked itself.
            let one_of = addr.strip_suffix("[*]").filter(|b| b.contains('.'));
            let attr = match one_of {
                Some(_) => "",
                None => o.text.strip_prefix(addr.as_ref()).unwrap_or("x"),
            };
            if !["", ".json", ".minified_json"].contains(&attr) {
                return vec![];
            }
            let same: Vec<String> = self
                .docs
                .iter()
                .filter(|d| match one_of {
                    Some(block) => crate::rules::util::without_keys(&d.address) == block,
                    None => {
                        d.address == **addr
                            || d.address
                                .strip_prefix(addr.as_ref())
                                .is_some_and(|rest| rest.starts_with('['))
                    }
                })
                .map(|d| d.address.clone())
                .collect();
            if same.is_empty() {
                return vec![];
            }
            out.extend(same);
        }
        out
    }
}

/// The documents PE008 checks: those that reach an identity policy or something unknown
/// (directly, by value in `identity_by_value`, or through a document that merges them), and
/// those used nowhere in this root (a module's output may still become one). A document used
/// only as a trust or resource policy is not an identity policy and is left out.
pub fn documents_to_check(cx: &Ctx<'_>, identity_by_value: &BTreeSet<String>) -> BTreeSet<String> {
    let docs = Documents::new(cx);
    let mut uses: BTreeMap<String, BTreeSet<Use>> = BTreeMap::new();
    // inner document -> documents that merge it
    let mut merged_into: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for i in cx.all() {
        for (attr, refs) in &i.refs {
            let merges = is_document(i) && MERGED_ATTRS.contains(&attr.as_str());
            for a in refs
                .iter()
                .filter(|a| a.contains("aws_iam_policy_document."))
            {
                if merges {
                    merged_into
                        .entry(a.to_string())
                        .or_default()
                        .insert(i.address.clone());
                } else if !is_document(i) {
                    uses.entry(a.to_string())
                        .or_default()
                        .insert(use_of(&i.rtype, attr));
                }
            }
        }
        if !is_document(i) {
            uses_by_value(i, &docs, &mut uses);
        }
        if is_document(i) {
            for attr in MERGED_ATTRS {
                for item in list_items(i.attr(attr)) {
                    for m in docs.matching(&item, i.refs_of(attr)) {
                        merged_into.entry(m).or_default().insert(i.address.clone());
                    }
                }
            }
        }
    }
    let mut checked: BTreeSet<String> = BTreeSet::new();
    for d in &docs.docs {
        let u = uses.get(&d.address);
        let unused = u.is_none() && !merged_into.contains_key(&d.address);
        let identity = u.is_some_and(|u| u.contains(&Use::Identity) || u.contains(&Use::Other));
        if unused || identity || identity_by_value.contains(&d.address) {
            checked.insert(d.address.clone());
        }
    }
    // A document merged into a checked document is checked too (the outer document skips the
    // parts that are exactly another document's output).
    loop {
        let before = checked.len();
        for (inner, outers) in &merged_into {
            if outers.iter().any(|o| checked.contains(o)) {
                checked.insert(inner.clone());
            }
        }
        if checked.len() == before {
            return checked;
        }
    }
}

/// A document used by value as a trust or resource policy (a plan without `configuration`
/// records no references) is used as one, as it is by reference.
fn uses_by_value(i: &Instance, docs: &Documents<'_>, uses: &mut BTreeMap<String, BTreeSet<Use>>) {
    let trust = ("aws_iam_role", "assume_role_policy");
    let attrs = RESOURCE_POLICY_ATTRS.iter().chain([&trust]);
    for (_, attr) in attrs.filter(|(t, _)| *t == i.rtype) {
        let Some(value) = i.attr(attr).filter(Value::is_wholly_known) else {
            continue;
        };
        let u = use_of(&i.rtype, attr);
        for m in docs.matching(&value, i.refs_of(attr)) {
            uses.entry(m).or_default().insert(u);
        }
    }
}

/// The documents of a merge list; a list that is unknown as a whole is one unknown part.
pub fn list_items(v: Option<Value>) -> Vec<Value> {
    match v {
        Some(Value::List(items)) => items.to_vec(),
        Some(v @ Value::Unknown(_)) => vec![v],
        _ => vec![],
    }
}

//! The evaluated model the rules read: resource and data instances with evaluated values,
//! locations and references. Immutable after evaluation, shared across threads.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;

use super::config::Mode;
use super::value::Value;
use crate::diag::Diagnostic;
use crate::source::{FileId, Loc, Span};

/// An instance key from `count` or `for_each`.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum InstanceKey {
    Index(i64),
    Key(String),
    /// `count`/`for_each` could not be resolved: one instance stands for all of them.
    Unknown,
}

impl InstanceKey {
    pub fn suffix(&self) -> String {
        match self {
            InstanceKey::Index(i) => format!("[{i}]"),
            InstanceKey::Key(k) => format!("[{}]", crate::json::quote(k)),
            InstanceKey::Unknown => "[*]".to_string(),
        }
    }
    pub fn to_json(&self) -> serde_json::Value {
        match self {
            InstanceKey::Index(i) => serde_json::Value::from(*i),
            InstanceKey::Key(k) => serde_json::Value::from(k.as_str()),
            InstanceKey::Unknown => serde_json::Value::from("*"),
        }
    }
}

#[derive(Debug, Clone)]
pub struct ProviderRef {
    /// `aws` or `aws.alias`, as written where the configuration is declared.
    pub key: String,
    /// The configuration's `default_tags { tags = ... }`, or `Null`.
    pub default_tags: Value,
    /// Where the provider block is (None for an implied, unconfigured provider).
    pub loc: Option<Loc>,
    /// The configuration's `ignore_tags { keys, key_prefixes }` as an object, or `Null`: the
    /// provider never applies those tags, default or the resource's own.
    pub ignore_tags: Value,
}

/// What names a resource or data instance: its address and the parts it is made of. Static
/// evaluation builds it from a block and its expansion key; `--plan` reads it from the plan.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InstanceAddress {
    /// `module.a["k"].aws_sqs_queue.q[0]`, as Terraform writes it.
    pub address: String,
    pub mode: Mode,
    pub rtype: String,
    pub name: String,
    pub index: Option<InstanceKey>,
    /// `module.a["k"].module.b`, empty for the root module.
    pub module: String,
}

#[derive(Debug)]
pub struct Instance {
    /// Read through `Deref`: the rules write `i.address`, `i.rtype`, `i.module`.
    pub id: InstanceAddress,
    pub provider: ProviderRef,
    /// Configured arguments, evaluated; nested blocks as lists of objects.
    pub values: Value,
    /// Location of the block header, of each top-level attribute and nested block, and of
    /// attributes inside nested blocks, keyed by path: `tags`, `vpc_config[0]`,
    /// `statement[1].actions`.
    pub locs: BTreeMap<String, Span>,
    /// Resources each top-level attribute refers to, directly or through locals, variables,
    /// module inputs and outputs.
    pub refs: BTreeMap<String, Vec<Arc<str>>>,
    pub file: FileId,
    /// The file of a top-level argument or nested block type that an override file set
    /// (`tags`, `inline_policy`): its spans in `locs` are in that file, not in `file`.
    pub loc_files: BTreeMap<String, FileId>,
    pub span: Span,
    pub header: Span,
    /// `count`/`for_each` could not be resolved.
    pub unresolved_expansion: bool,
    /// The configuration block and module calls of a planned instance whose finding points
    /// at the plan file (`--plan` without paths); `None` when it points at its source.
    pub configured: Option<Arc<Configured>>,
}

/// Where a planned instance is configured, as the plan's `configuration` records it: the
/// block (`module.a.aws_sqs_queue.q` for `module.a["x"].aws_sqs_queue.q[0]`) and the module
/// calls from the root down to it, each with its `source` when the plan gives one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Configured {
    pub block: String,
    pub calls: Vec<ModuleCall>,
}

/// One module call on the way to a configuration block: `module.a.module.b` (keys dropped).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ModuleCall {
    pub call: String,
    pub source: Option<String>,
}

impl std::ops::Deref for Instance {
    type Target = InstanceAddress;
    fn deref(&self) -> &InstanceAddress {
        &self.id
    }
}

impl Instance {
    pub fn attr(&self, name: &str) -> Option<Value> {
        self.values.as_object().and_then(|m| m.get(name).cloned())
    }
    /// Location of an attribute path, falling back to the block header.
    /// A path not recorded falls back to its nearest recorded parent (`inline_policy[0].policy`
    /// of a JSON argument to `inline_policy`), then to the header.
    pub fn loc_of(&self, path: &str) -> Loc {
        let mut at = path;
        loop {
            if let Some(&span) = self.locs.get(at) {
                return Loc {
                    file: Some(self.file_of(at)),
                    span,
                };
            }
            match at.rfind(['.', '[']) {
                Some(i) if i > 0 => at = &at[..i],
                _ => return self.header_loc(),
            }
        }
    }
    /// The file a path's span is in: an override's, when it set the path's top-level name.
    fn file_of(&self, path: &str) -> FileId {
        let top = path.split(['.', '[']).next().unwrap_or(path);
        self.loc_files.get(top).copied().unwrap_or(self.file)
    }
    pub fn has_loc(&self, path: &str) -> bool {
        self.locs.contains_key(path)
    }
    pub fn header_loc(&self) -> Loc {
        Loc {
            file: Some(self.file),
            span: self.header,
        }
    }
    /// Resource addresses referenced by one attribute.
    pub fn refs_of(&self, attr: &str) -> &[Arc<str>] {
        self.refs.get(attr).map(Vec::as_slice).unwrap_or(&[])
    }
    /// The tags the provider applies: the resource's own over its provider's default tags (an
    /// own tag set to null is dropped, so the default of that key stays, as `terraform plan`'s
    /// `tags_all` shows), less what the provider's `ignore_tags` names.
    pub fn effective_tags(&self) -> Value {
        let own = match self.attr("tags") {
            Some(Value::Object(m)) => Value::object(
                m.iter()
                    .filter(|(_, v)| !v.is_null())
                    .map(|(k, v)| (k.clone(), v.clone()))
                    .collect(),
            ),
            Some(other) => other,
            None => Value::Null,
        };
        without_ignored(
            merge_tags(&self.provider.default_tags, &own),
            &self.provider.ignore_tags,
        )
    }
}

/// Tags less those the provider's `ignore_tags` names, by key or key prefix (the plan's
/// `tags_all` leaves them out). Unknown lists make the whole result unknown: any key might be
/// ignored.
pub fn without_ignored(tags: Value, ignore: &Value) -> Value {
    if ignore.is_null() {
        return tags;
    }
    let list = |name: &str| -> Result<Vec<String>, ()> {
        match ignore.get(name) {
            None | Some(Value::Null) => Ok(Vec::new()),
            Some(Value::List(items)) => items
                .iter()
                .map(|v| v.as_str().map(str::to_string).ok_or(()))
                .collect(),
            Some(_) => Err(()),
        }
    };
    let (Ok(keys), Ok(prefixes), Value::Object(m)) = (list("keys"), list("key_prefixes"), &tags)
    else {
        return match &tags {
            Value::Null => tags,
            _ => Value::unknown_of(&[&tags, ignore]),
        };
    };
    let kept = m
        .iter()
        .filter(|(k, _)| {
            !keys.iter().any(|i| i == *k) && !prefixes.iter().any(|p| k.starts_with(p.as_str()))
        })
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    Value::object(kept)
}

pub fn merge_tags(defaults: &Value, own: &Value) -> Value {
    match (defaults, own) {
        (Value::Unknown(_), _) | (_, Value::Unknown(_)) => Value::unknown_of(&[defaults, own]),
        _ => {
            let mut m = defaults.as_object().cloned().unwrap_or_default();
            if let Some(o) = own.as_object() {
                for (k, v) in o {
                    m.insert(k.clone(), v.clone());
                }
            }
            Value::object(m)
        }
    }
}

#[derive(Debug)]
pub struct RootModel {
    pub dir: PathBuf,
    pub display: String,
    pub instances: Vec<Arc<Instance>>,
    /// Root variables after tfvars and command-line values (for `--env` detection).
    pub variables: BTreeMap<String, Value>,
    /// Number of module instances evaluated (root included).
    pub module_instances: usize,
    /// The var files this evaluation read, in precedence order (automatic tfvars, then the
    /// var file of a variant, then `--var-file`): reports name them with each finding.
    pub var_files: Vec<crate::source::FileId>,
    /// The root folder, when this evaluation is a variant of it with one var file (`dir` and
    /// `display` are then the var file's).
    pub variant_of: Option<PathBuf>,
}

impl RootModel {
    /// The root as reports name it: its folder (a var-file variant's root folder).
    pub fn shown_root(&self) -> String {
        match &self.variant_of {
            Some(dir) => crate::source::display_path(dir),
            None => self.display.clone(),
        }
    }
}

#[derive(Debug, Default)]
pub struct Model {
    pub roots: Vec<RootModel>,
    pub diagnostics: Vec<Diagnostic>,
    /// What evaluation left of the run's budget, for custom rules to draw on; `None` when the
    /// model was not evaluated here (a plan).
    pub steps_left: Option<u64>,
    /// `--workspace` / `TF_WORKSPACE`, when given.
    pub workspace: Option<String>,
}

impl Model {
    pub fn instances(&self) -> impl Iterator<Item = &Arc<Instance>> {
        self.roots.iter().flat_map(|r| r.instances.iter())
    }
}

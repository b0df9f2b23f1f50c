//! Settings the rules read, with the platform's defaults. The configuration file and the
//! command line override them.

use std::collections::BTreeMap;
use std::path::PathBuf;

use super::meta::RuleMeta;
use crate::terraform::{RootModel, Value};
use crate::types::Env;

/// The typed fields of [`Settings`] the Rust checks read, each with the rule and the setting
/// (declared in the rule's policy file) it is derived from.
pub const BUILTIN_FIELDS: &[(&str, &str, &str)] = &[
    ("retention_days", "PE005", "retention_days"),
    ("retention_minimum", "PE005", "retention_mode"),
    ("required_tags", "PE006", "required_tags"),
    ("tag_values", "PE006", "tag_values"),
    ("api_lambda_patterns", "PE007", "api_lambda_patterns"),
    ("iam_allowed_actions", "PE008", "allowed_actions"),
    ("iam_allowed_resources", "PE008", "allowed_resources"),
];

fn strings(v: &Value) -> Vec<String> {
    v.as_list()
        .map(|l| {
            l.iter()
                .filter_map(|i| i.as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}

#[derive(Clone, Debug)]
pub struct Settings {
    /// `--env`, or the config file's `environment`.
    pub environment: Option<Env>,
    /// The fields down to `iam_allowed_resources` are derived from `rule_settings` and the
    /// policy files' defaults ([`BUILTIN_FIELDS`], [`Settings::derive_from`]).
    pub retention_days: BTreeMap<Env, f64>,
    /// `exact` (the default) or `minimum`.
    pub retention_minimum: bool,
    pub required_tags: Vec<String>,
    /// Allowed values per tag (empty: any non-empty value).
    pub tag_values: BTreeMap<String, Vec<String>>,
    pub api_lambda_patterns: Vec<String>,
    pub iam_allowed_actions: Vec<String>,
    pub iam_allowed_resources: Vec<String>,
    /// Rule ids switched off.
    pub disabled_rules: Vec<String>,
    /// Values of the settings rules declare in their policy files, per rule id then setting
    /// name (a configuration's `rule "ID" { NAME = ... }`; the declared default otherwise).
    pub rule_settings: BTreeMap<String, BTreeMap<String, Value>>,
    /// Per-rule severity overrides (the rule's own severity otherwise).
    pub rule_severity: BTreeMap<String, Level>,
    /// The minimum severity of a failing finding that makes the exit code 1.
    pub fail_on: Level,
    /// Directories of custom policy files (the configuration's `rules_dirs`).
    pub rules_dirs: Vec<PathBuf>,
    /// `--strict` or `strict = true`: unresolved findings and whatever could not be checked
    /// fail the run (exit code 1).
    pub strict: bool,
}

/// A finding's severity, and the `fail_on` threshold (`never`: no finding fails the run).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Level {
    Info,
    Warning,
    Error,
    Never,
}

impl Level {
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Info => "info",
            Level::Warning => "warning",
            Level::Error => "error",
            Level::Never => "never",
        }
    }
    /// A rule's severity as a policy file writes it (exactly, lower case).
    pub fn parse_severity(s: &str) -> Option<Level> {
        match s {
            "error" => Some(Level::Error),
            "warning" => Some(Level::Warning),
            "info" => Some(Level::Info),
            _ => None,
        }
    }
    pub fn parse(s: &str) -> Option<Level> {
        match s.trim().to_ascii_lowercase().as_str() {
            "info" => Some(Level::Info),
            "warning" => Some(Level::Warning),
            "error" => Some(Level::Error),
            "never" => Some(Level::Never),
            _ => None,
        }
    }
}

impl Default for Level {
    /// A rule that names no severity is an error.
    fn default() -> Level {
        Level::Error
    }
}

impl Default for Settings {
    /// The platform's policy: the built-in rules' settings at their policy files' defaults.
    fn default() -> Settings {
        let mut s = Settings {
            environment: None,
            retention_days: BTreeMap::new(),
            retention_minimum: false,
            required_tags: Vec::new(),
            tag_values: BTreeMap::new(),
            api_lambda_patterns: Vec::new(),
            iam_allowed_actions: Vec::new(),
            iam_allowed_resources: Vec::new(),
            disabled_rules: Vec::new(),
            rule_severity: BTreeMap::new(),
            rule_settings: BTreeMap::new(),
            fail_on: Level::Error,
            rules_dirs: Vec::new(),
            strict: false,
        };
        s.derive_builtin();
        s
    }
}

impl Settings {
    pub fn rule_enabled(&self, id: &str) -> bool {
        !self
            .disabled_rules
            .iter()
            .any(|d| d.eq_ignore_ascii_case(id))
    }

    /// The value of a setting a rule declares: the configured one, else its default.
    pub fn rule_setting(&self, decl: &SettingDecl, rule: &str) -> Value {
        self.rule_settings
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(rule))
            .and_then(|(_, m)| m.get(&decl.name))
            .cloned()
            .unwrap_or_else(|| decl.default.clone())
    }

    /// Derive the typed fields from the built-in rules' declared settings: see
    /// [`Settings::derive_from`].
    pub fn derive_builtin(&mut self) {
        self.derive_from(super::meta::builtin_set().iter());
    }

    /// Set the typed fields the Rust checks read ([`BUILTIN_FIELDS`]) from the settings `rules`
    /// declare: the configured value, else the policy file's default. The one place where a
    /// built-in rule's setting becomes a field; call it after changing `rule_settings`.
    pub fn derive_from<'a>(&mut self, rules: impl IntoIterator<Item = &'a RuleMeta>) {
        let rules: Vec<&RuleMeta> = rules.into_iter().collect();
        let value = |field: &str| -> Value {
            let Some((_, id, name)) = BUILTIN_FIELDS.iter().find(|f| f.0 == field) else {
                return Value::Null;
            };
            rules
                .iter()
                .find(|m| m.id.eq_ignore_ascii_case(id))
                .and_then(|m| m.settings.iter().find(|d| d.name == *name))
                .map_or(Value::Null, |d| self.rule_setting(d, id))
        };
        let days = value("retention_days");
        let mode = value("retention_minimum");
        let tags = value("required_tags");
        let tag_values = value("tag_values");
        let patterns = value("api_lambda_patterns");
        let actions = value("iam_allowed_actions");
        let resources = value("iam_allowed_resources");
        self.retention_days = days
            .as_object()
            .map(|m| {
                m.iter()
                    .filter_map(|(k, v)| Some((Env::parse_loose(k)?, v.as_f64()?)))
                    .collect()
            })
            .unwrap_or_default();
        self.retention_minimum = mode.as_str() == Some("minimum");
        self.required_tags = strings(&tags);
        self.tag_values = tag_values
            .as_object()
            .map(|m| m.iter().map(|(k, v)| (k.clone(), strings(v))).collect())
            .unwrap_or_default();
        self.api_lambda_patterns = strings(&patterns);
        self.iam_allowed_actions = strings(&actions);
        self.iam_allowed_resources = strings(&resources);
    }

    /// The configured severity of a rule, when the configuration overrides its policy file's
    /// (see [`super::meta::RuleSet::severity`]).
    pub fn severity_override(&self, id: &str) -> Option<Level> {
        self.rule_severity
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(id))
            .map(|(_, l)| *l)
    }
}

/// Diagnostic codes that mean part of the tree was not checked: a remote module not installed,
/// a value pe-lint could not evaluate, a file `file()` could not read, an unsupported function,
/// callers not searched, plan resources not mapped to code, a path that is not Terraform or
/// not a module. `--strict` fails the run on each, and reports list them as "not checked".
pub const NOT_CHECKED: &[&str] = &[
    "remote-module",
    "eval-error",
    "file-access",
    "unsupported-function",
    "caller-search-limit",
    "plan-unmapped",
    "not-terraform",
    "no-module",
    "unknown-workspace",
];

/// Root variables that name the environment, in the order they are consulted.
pub const ENV_VARIABLES: &[&str] = &["environment", "env", "stage", "stage_name"];

/// The environment for a root: the setting, else the root's `environment`-like variable.
pub fn environment(root: &RootModel, settings: &Settings) -> (Option<Env>, String) {
    if let Some(e) = settings.environment {
        return (Some(e), "--env / configuration".to_string());
    }
    for name in ENV_VARIABLES {
        if let Some(v) = root.variables.get(*name) {
            if let Some(s) = v.as_str() {
                return match Env::parse_loose(s) {
                    Some(e) => (Some(e), format!("var.{name} = {s:?}")),
                    None => (
                        None,
                        format!("var.{name} = {s:?} is not dev, staging or prod"),
                    ),
                };
            }
            return (None, format!("var.{name} has no value"));
        }
    }
    (
        None,
        "no --env and no `environment` variable in the root module".to_string(),
    )
}

/// A rule's setting, declared in its policy file (`setting "NAME" { ... }`, see
/// docs/custom-rules.md): its type, default and documentation, and what the configuration
/// reader needs to validate a value, combine it with the default and decide what a nested
/// configuration file may change. Built-in and custom rules declare theirs the same way.
#[derive(Debug, Clone, PartialEq)]
pub struct SettingDecl {
    pub name: String,
    pub kind: SettingType,
    pub default: Value,
    pub doc: String,
    /// The values it, or each of its elements, may take; empty: any.
    pub values: Vec<Value>,
    /// When set, a value outside `values` is a warning saying this, not an error.
    pub values_warning: Option<String>,
    /// The keys a map may have; empty: any. An environment name also matches its aliases.
    pub keys: Vec<String>,
    /// Numbers must be whole and at least this.
    pub minimum: Option<f64>,
    /// What its numbers count (`days`), for messages.
    pub unit: Option<String>,
    /// Its strings may not be empty or blank.
    pub nonempty: bool,
    /// A configured map is merged into the default key by key, instead of replacing it.
    pub merge: bool,
    pub tighten: Tighten,
    /// Why a nested configuration file cannot change it (with `tighten = "none"`).
    pub tighten_note: Option<String>,
    /// The top-level configuration key it is also accepted as (`retention_days`; or
    /// `iam.allowed_actions`, an attribute of an `iam` block): configurations written before
    /// rules declared their settings. Built-in rules only.
    pub legacy: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SettingType {
    String,
    Number,
    Bool,
    Strings,
    NumberMap,
    StringsMap,
}

impl SettingType {
    pub const ALL: [SettingType; 6] = [
        SettingType::String,
        SettingType::Number,
        SettingType::Bool,
        SettingType::Strings,
        SettingType::NumberMap,
        SettingType::StringsMap,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            SettingType::String => "string",
            SettingType::Number => "number",
            SettingType::Bool => "bool",
            SettingType::Strings => "list(string)",
            SettingType::NumberMap => "map(number)",
            SettingType::StringsMap => "map(list(string))",
        }
    }

    pub fn parse(s: &str) -> Option<SettingType> {
        SettingType::ALL.into_iter().find(|t| t.as_str() == s)
    }

    /// Whether `v` is a value of this type.
    pub fn accepts(self, v: &Value) -> bool {
        let strings = |v: &Value| {
            v.as_list()
                .is_some_and(|l| l.iter().all(|i| matches!(i, Value::String(_))))
        };
        let map_of =
            |f: &dyn Fn(&Value) -> bool| matches!(v, Value::Object(m) if m.values().all(f));
        match self {
            SettingType::String => matches!(v, Value::String(_)),
            SettingType::Number => matches!(v, Value::Number(_)),
            SettingType::Bool => matches!(v, Value::Bool(_)),
            SettingType::Strings => strings(v),
            SettingType::NumberMap => map_of(&|i| matches!(i, Value::Number(_))),
            SettingType::StringsMap => map_of(&strings),
        }
    }

    /// The type of its elements: what `values` constrains.
    pub fn element(self) -> SettingType {
        match self {
            SettingType::Strings | SettingType::StringsMap => SettingType::String,
            SettingType::NumberMap => SettingType::Number,
            other => other,
        }
    }
}

/// What a nested configuration file may do to a setting (docs/configuration.md, "Which
/// configuration governs a run"): whatever it writes that would loosen the policy is ignored
/// with a warning.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tighten {
    /// Nothing: the governing configuration alone sets it.
    None,
    /// Raise a number, or a map's numbers key by key.
    Raise,
    /// Choose a value listed earlier in `values` (they are listed strictest first).
    Order,
    /// Add items to a list.
    Union,
    /// Narrow a map's lists to the items both allow; add keys not yet there.
    Intersect,
}

impl Tighten {
    pub const ALL: [Tighten; 5] = [
        Tighten::None,
        Tighten::Raise,
        Tighten::Order,
        Tighten::Union,
        Tighten::Intersect,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Tighten::None => "none",
            Tighten::Raise => "raise",
            Tighten::Order => "order",
            Tighten::Union => "union",
            Tighten::Intersect => "intersect",
        }
    }

    pub fn parse(s: &str) -> Option<Tighten> {
        Tighten::ALL.into_iter().find(|t| t.as_str() == s)
    }

    /// Whether it means something for a setting of type `kind` (with `values` for `order`).
    pub fn fits(self, kind: SettingType, has_values: bool) -> bool {
        match self {
            Tighten::None => true,
            Tighten::Raise => matches!(kind, SettingType::Number | SettingType::NumberMap),
            Tighten::Order => kind == SettingType::String && has_values,
            Tighten::Union => kind == SettingType::Strings,
            Tighten::Intersect => kind == SettingType::StringsMap,
        }
    }
}

/// Why a nested file's value of a custom rule's setting is ignored, unless it says otherwise.
const GOVERNED: &str = "the settings of custom rules come from the governing configuration";

impl SettingDecl {
    /// A map key as written in a configuration, as the setting knows it (`production` is
    /// `prod`); `None` when the setting has no such key.
    pub fn canonical_key(&self, written: &str) -> Option<String> {
        if self.keys.is_empty() || self.keys.iter().any(|k| k == written) {
            return Some(written.to_string());
        }
        let env = Env::parse_loose(written)?.as_str();
        self.keys.iter().any(|k| k == env).then(|| env.to_string())
    }

    /// What `values` constrains in `v`: `v` itself, or its items, or its map's values (or
    /// their items).
    pub fn elements<'v>(&self, v: &'v Value) -> Vec<&'v Value> {
        let items = |v: &'v Value| v.as_list().unwrap_or_default().iter();
        let entries = |v: &'v Value| v.as_object().into_iter().flat_map(|m| m.values());
        match self.kind {
            SettingType::String | SettingType::Number | SettingType::Bool => vec![v],
            SettingType::Strings => items(v).collect(),
            SettingType::NumberMap => entries(v).collect(),
            SettingType::StringsMap => entries(v).flat_map(items).collect(),
        }
    }

    /// The value a configuration's `configured` makes, over `current` (the default).
    pub fn combine(&self, current: &Value, configured: &Value) -> Value {
        match (self.merge, current.as_object(), configured.as_object()) {
            (true, Some(cur), Some(new)) => {
                let mut m = cur.clone();
                m.extend(new.iter().map(|(k, v)| (k.clone(), v.clone())));
                Value::object(m)
            }
            _ => configured.clone(),
        }
    }

    /// What a nested configuration file's `new` makes of `current`: the tightened value, and
    /// for each part that is ignored, the key suffix (`.prod` or empty) and why.
    pub fn tighten(&self, current: &Value, new: &Value) -> (Value, Vec<(String, String)>) {
        let mut refused = Vec::new();
        let value = match self.tighten {
            Tighten::None => {
                let why = self.tighten_note.as_deref().unwrap_or(GOVERNED);
                refused.push((String::new(), why.to_string()));
                current.clone()
            }
            Tighten::Raise => self.raise(current, new, &mut refused),
            Tighten::Order => {
                let at = |v: &Value| self.values.iter().position(|x| x == v);
                match (at(current), at(new)) {
                    (Some(c), Some(n)) if n > c => {
                        let (cur, new) = (current.display(), new.display());
                        refused.push((String::new(), format!("{new} accepts more than {cur}")));
                        current.clone()
                    }
                    _ => new.clone(),
                }
            }
            Tighten::Union => {
                let mut items = current.as_list().map(<[Value]>::to_vec).unwrap_or_default();
                for i in new.as_list().unwrap_or_default() {
                    if !items.contains(i) {
                        items.push(i.clone());
                    }
                }
                Value::list(items)
            }
            Tighten::Intersect => intersect(current, new),
        };
        (value, refused)
    }

    fn raise(&self, current: &Value, new: &Value, refused: &mut Vec<(String, String)>) -> Value {
        let shorter = |n: f64, cur: f64| match &self.unit {
            Some(unit) => format!("{n} {unit} is shorter than {cur}"),
            None => format!("{n} is lower than {cur}"),
        };
        if let (Some(cur), Some(n)) = (current.as_f64(), new.as_f64()) {
            if n < cur {
                refused.push((String::new(), shorter(n, cur)));
            }
            return Value::Number(n.max(cur));
        }
        let mut out = current.as_object().cloned().unwrap_or_default();
        for (k, v) in new.as_object().into_iter().flatten() {
            let (Some(n), cur) = (v.as_f64(), out.get(k).and_then(Value::as_f64)) else {
                continue;
            };
            let cur = cur.unwrap_or(0.0);
            if n > cur {
                out.insert(k.clone(), Value::Number(n));
            } else if n < cur {
                refused.push((format!(".{k}"), shorter(n, cur)));
            }
        }
        Value::object(out)
    }

    /// One line of `--explain` and of docs/rules: name, type, default, what it accepts, doc.
    pub fn describe(&self) -> String {
        let mut extra = Vec::new();
        if !self.keys.is_empty() {
            extra.push(format!("keys {}", self.keys.join(", ")));
        }
        if !self.values.is_empty() && self.values_warning.is_none() {
            let v: Vec<String> = self.values.iter().map(Value::display).collect();
            extra.push(format!("one of {}", v.join(", ")));
        }
        if let Some(l) = &self.legacy {
            extra.push(format!("also the top-level `{l}`"));
        }
        let extra = if extra.is_empty() {
            String::new()
        } else {
            format!("; {}", extra.join("; "))
        };
        format!(
            "- `{}` ({}, default `{}`{extra}): {}",
            self.name,
            self.kind.as_str(),
            self.default.display(),
            self.doc.trim()
        )
    }
}

/// `current`'s lists narrowed to what `new` allows for the same key; keys only `new` has, added.
fn intersect(current: &Value, new: &Value) -> Value {
    let mut out = current.as_object().cloned().unwrap_or_default();
    for (k, allowed) in new.as_object().into_iter().flatten() {
        let narrowed = match out.get(k).and_then(Value::as_list) {
            Some(cur) => {
                let keep = allowed.as_list().unwrap_or_default();
                Value::list(cur.iter().filter(|v| keep.contains(*v)).cloned().collect())
            }
            None => allowed.clone(),
        };
        out.insert(k.clone(), narrowed);
    }
    Value::object(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::meta::{parse_policy, POLICY_FILES};

    /// The defaults the platform always had, now declared in the policy files.
    #[test]
    fn the_defaults_are_the_policy_files() {
        let s = Settings::default();
        let days: Vec<(Env, f64)> = s.retention_days.into_iter().collect();
        assert_eq!(
            days,
            [(Env::Dev, 14.0), (Env::Staging, 30.0), (Env::Prod, 90.0)]
        );
        assert!(!s.retention_minimum);
        assert_eq!(s.required_tags, ["Project", "Env", "Owner", "CostCenter"]);
        assert!(s.tag_values.is_empty());
        assert_eq!(
            s.api_lambda_patterns,
            ["presign", "status", "download", "bff"]
        );
        assert!(s.iam_allowed_actions.is_empty() && s.iam_allowed_resources.is_empty());
    }

    /// A built-in setting's default, documentation and tightening come from its policy file:
    /// a copy of PE006's with another default and another `tighten` makes other settings.
    #[test]
    fn a_builtin_setting_is_what_its_policy_file_declares() {
        let (name, text) = POLICY_FILES
            .iter()
            .find(|(n, _)| n.starts_with("PE006"))
            .unwrap();
        let changed = text
            .replace(
                r#"default  = ["Project", "Env", "Owner", "CostCenter"]"#,
                r#"default  = ["Team"]"#,
            )
            .replace(
                r#"tighten  = "union""#,
                "tighten_note = \"tags are the finance team's\"",
            )
            .replace("The tags every taggable", "Tags every taggable");
        assert_ne!(&changed, text);
        let metas = parse_policy(name, &changed).unwrap();
        let mut s = Settings::default();
        s.derive_from(metas.iter());
        assert_eq!(s.required_tags, ["Team"]);
        let d = metas[0]
            .settings
            .iter()
            .find(|d| d.name == "required_tags")
            .unwrap();
        assert!(
            d.describe().contains("default `[\"Team\"]`"),
            "{}",
            d.describe()
        );
        assert!(
            d.describe().contains("): Tags every taggable"),
            "{}",
            d.describe()
        );
        let (kept, refused) = d.tighten(&d.default, &Value::list(vec![Value::string("X")]));
        assert_eq!(kept, d.default);
        assert_eq!(
            refused,
            [(String::new(), "tags are the finance team's".into())]
        );
        // A declaration that does not hold together is refused with the policy file.
        let bad = text.replace(r#"tighten  = "union""#, r#"tighten  = "raise""#);
        let err = parse_policy(name, &bad).unwrap_err();
        assert!(
            err.contains("`tighten = \"raise\"` does not apply to `required_tags`"),
            "{err}"
        );
    }

    #[test]
    fn tighten_raises_orders_unions_and_intersects() {
        let n = |x: f64| Value::Number(x);
        let s = |x: &str| Value::string(x);
        let map = |items: &[(&str, Value)]| {
            Value::object(
                items
                    .iter()
                    .map(|(k, v)| (k.to_string(), v.clone()))
                    .collect(),
            )
        };
        let decl = |kind, tighten, values: Vec<Value>| SettingDecl {
            name: "x".into(),
            kind,
            default: Value::Null,
            doc: "d".into(),
            values,
            values_warning: None,
            keys: Vec::new(),
            minimum: None,
            unit: None,
            nonempty: false,
            merge: false,
            tighten,
            tighten_note: None,
            legacy: None,
        };
        let raise = decl(SettingType::NumberMap, Tighten::Raise, vec![]);
        let (v, refused) = raise.tighten(
            &map(&[("a", n(10.0)), ("b", n(10.0))]),
            &map(&[("a", n(20.0)), ("b", n(5.0)), ("c", n(1.0))]),
        );
        assert_eq!(v, map(&[("a", n(20.0)), ("b", n(10.0)), ("c", n(1.0))]));
        assert_eq!(
            refused,
            [(".b".to_string(), "5 is lower than 10".to_string())]
        );
        let order = decl(
            SettingType::String,
            Tighten::Order,
            vec![s("exact"), s("minimum")],
        );
        assert_eq!(
            order.tighten(&s("minimum"), &s("exact")),
            (s("exact"), vec![])
        );
        assert_eq!(order.tighten(&s("exact"), &s("minimum")).1.len(), 1);
        let union = decl(SettingType::Strings, Tighten::Union, vec![]);
        let list = |xs: &[&str]| Value::list(xs.iter().map(|x| s(x)).collect());
        assert_eq!(
            union.tighten(&list(&["A", "B"]), &list(&["B", "C"])).0,
            list(&["A", "B", "C"])
        );
        let inter = decl(SettingType::StringsMap, Tighten::Intersect, vec![]);
        assert_eq!(
            inter
                .tighten(
                    &map(&[("Env", list(&["dev", "prod"]))]),
                    &map(&[("Env", list(&["prod", "qa"])), ("Team", list(&["x"]))])
                )
                .0,
            map(&[("Env", list(&["prod"])), ("Team", list(&["x"]))])
        );
    }
}

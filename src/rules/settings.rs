//! Settings the rules read, with the platform's defaults. The configuration file and the
//! command line override them.

use std::collections::BTreeMap;
use std::path::PathBuf;

use crate::terraform::{RootModel, Value};
use crate::types::Env;

#[derive(Clone, Debug)]
pub struct Settings {
    /// `--env`, or the config file's `environment`.
    pub environment: Option<Env>,
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
    fn default() -> Settings {
        Settings {
            environment: None,
            retention_days: [(Env::Prod, 90.0), (Env::Staging, 30.0), (Env::Dev, 14.0)]
                .into_iter()
                .collect(),
            retention_minimum: false,
            required_tags: ["Project", "Env", "Owner", "CostCenter"]
                .iter()
                .map(|s| s.to_string())
                .collect(),
            tag_values: BTreeMap::new(),
            api_lambda_patterns: ["presign", "status", "download", "bff"]
                .iter()
                .map(|s| s.to_string())
                .collect(),
            iam_allowed_actions: Vec::new(),
            iam_allowed_resources: Vec::new(),
            disabled_rules: Vec::new(),
            rule_severity: BTreeMap::new(),
            rule_settings: BTreeMap::new(),
            fail_on: Level::Error,
            rules_dirs: Vec::new(),
            strict: false,
        }
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
    pub fn rule_setting(&self, decl: &super::meta::SettingDecl, rule: &str) -> Value {
        self.rule_settings
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(rule))
            .and_then(|(_, m)| m.get(&decl.name))
            .cloned()
            .unwrap_or_else(|| decl.default.clone())
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

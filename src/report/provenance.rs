//! How a run's evidence was produced, for an auditor who must be able to reproduce it: the
//! configuration files used (with their SHA-256), every setting that differs from the
//! defaults and where it was set, var files and `--var` names (never their values), where the
//! environment came from, the baseline, and the commit.

use std::collections::BTreeMap;

use sha2::{Digest, Sha256};

use crate::config::LoadedConfig;
use crate::rules::settings::Settings;
use crate::source::SourceFile;
use crate::types::Env;

#[derive(Clone, Debug, Default)]
pub struct Provenance {
    /// Configuration files read, governing file first: (path, SHA-256 in hex).
    pub config_files: Vec<(String, String)>,
    /// Settings that differ from the defaults.
    pub settings: Vec<Setting>,
    pub var_files: Vec<String>,
    /// `--var NAME=...`: the names only (values may be secrets).
    pub var_names: Vec<String>,
    /// Per root, where its environment came from.
    pub environment_from: Vec<String>,
    pub baseline: Option<String>,
    pub git_commit: Option<String>,
}

/// One setting that differs from its default.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Setting {
    /// The configuration key (`fail_on`, `rule.PE005.severity`, `retention_days.prod`).
    pub name: String,
    pub value: String,
    pub default: String,
    /// `file:line` in a configuration file, or the command-line flag.
    pub from: String,
}

/// A configuration file's path as shown and its SHA-256.
pub fn config_file(f: &SourceFile) -> (String, String) {
    let digest = Sha256::digest(f.text.as_bytes());
    let hex: String = digest.iter().map(|b| format!("{b:02x}")).collect();
    (f.display.clone(), hex)
}

fn list(items: &[String]) -> String {
    format!("[{}]", items.join(", "))
}

/// Every setting as `(key, value)`, in a fixed order, rules included.
fn shown(s: &Settings) -> Vec<(String, String)> {
    let mut out = vec![
        (
            "environment".to_string(),
            s.environment.map_or("not set", Env::as_str).to_string(),
        ),
        ("fail_on".into(), s.fail_on.as_str().into()),
        ("strict".into(), s.strict.to_string()),
        (
            "retention_mode".into(),
            if s.retention_minimum {
                "minimum"
            } else {
                "exact"
            }
            .into(),
        ),
    ];
    for (env, days) in &s.retention_days {
        out.push((format!("retention_days.{}", env.as_str()), days.to_string()));
    }
    out.push(("required_tags".into(), list(&s.required_tags)));
    let tags: Vec<String> = s
        .tag_values
        .iter()
        .map(|(k, v)| format!("{k} = {}", list(v)))
        .collect();
    out.push(("tag_values".into(), format!("{{{}}}", tags.join(", "))));
    out.push(("api_lambda_patterns".into(), list(&s.api_lambda_patterns)));
    out.push(("iam.allowed_actions".into(), list(&s.iam_allowed_actions)));
    out.push((
        "iam.allowed_resources".into(),
        list(&s.iam_allowed_resources),
    ));
    let dirs: Vec<String> = s
        .rules_dirs
        .iter()
        .map(|d| crate::source::display_path(d))
        .collect();
    out.push(("rules_dirs".into(), list(&dirs)));
    let rules = crate::rules::meta::builtin_set();
    for m in rules.iter() {
        let enabled = s.rule_enabled(&m.id);
        out.push((format!("rule.{}.enabled", m.id), enabled.to_string()));
        out.push((
            format!("rule.{}.severity", m.id),
            rules.severity(s, &m.id).as_str().into(),
        ));
    }
    out
}

/// The settings of a run that differ from the defaults, each with where it was set: the
/// command-line flag in `flags` (setting key → flag), else the configuration file's line.
pub fn changed_settings(
    settings: &Settings,
    configs: &[&LoadedConfig],
    flags: &BTreeMap<&str, &str>,
) -> Vec<Setting> {
    let defaults: BTreeMap<String, String> = shown(&Settings::default()).into_iter().collect();
    let mut out = Vec::new();
    for (name, value) in shown(settings) {
        let default = defaults.get(&name).cloned().unwrap_or_default();
        if value == default {
            continue;
        }
        let from = match flags.get(name.as_str()) {
            Some(flag) => flag.to_string(),
            None => configs
                .iter()
                .find_map(|c| where_set(c, &name))
                .unwrap_or_else(|| "configuration".to_string()),
        };
        out.push(Setting {
            name,
            value,
            default,
            from,
        });
    }
    out
}

/// `file:line` of a key in the configuration file (keys are matched without case, as rule
/// ids are).
fn where_set(config: &LoadedConfig, name: &str) -> Option<String> {
    let f = config.source.as_ref()?;
    let span = config
        .config
        .spans
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(name))
        .or_else(|| {
            // `retention_days.prod` is written inside `retention_days`.
            let top = name.split('.').next()?;
            config.config.spans.iter().find(|(k, _)| *k == top)
        })
        .map(|(_, s)| *s)?;
    Some(format!("{}:{}", f.display, f.position(span.start).line))
}

/// The rules switched off, each with where.
pub fn disabled(settings: &[Setting]) -> Vec<(String, Option<String>)> {
    settings
        .iter()
        .filter_map(|s| {
            let id = s.name.strip_prefix("rule.")?.strip_suffix(".enabled")?;
            (s.value == "false").then(|| (id.to_string(), Some(s.from.clone())))
        })
        .collect()
}

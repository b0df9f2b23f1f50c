//! Rule metadata, read from the policy files in `rules/` (embedded in the binary).

use std::collections::BTreeMap;
use std::sync::{Arc, LazyLock};

use super::custom::CustomRule;
use super::settings::{Level, Settings};
use crate::terraform::Value;

/// Everything about a rule, from its policy file (see rules/README.md and docs/custom-rules.md).
#[derive(Debug, Clone, Default)]
pub struct RuleMeta {
    pub id: String,
    pub name: String,
    pub severity: Level,
    pub requirement: String,
    pub summary: String,
    pub description: String,
    pub rationale: String,
    pub remediation: String,
    pub doc_url: String,
    pub resource_types: Vec<String>,
    pub references: Vec<String>,
    /// GitHub's `security-severity` score ("8.0"); `None`: derived from the severity.
    pub security_severity: Option<String>,
    /// Tags GitHub shows and filters on (after the tool's own).
    pub tags: Vec<String>,
    pub peers: Peers,
    pub peer_notes: PeerNotes,
    /// The settings the rule reads (`setting "NAME" { ... }`), configured in the
    /// configuration's `rule "ID" { NAME = ... }` block.
    pub settings: Vec<SettingDecl>,
    /// The rule's table in the Markdown evidence inventory (`evidence { ... }`).
    pub evidence: Option<Evidence>,
    pub known_differences: String,
    pub known_problems: String,
    pub example: BTreeMap<String, Example>,
    /// `check` blocks (rules written in the policy language) are not metadata: the engine
    /// compiles them (rules::custom). This counts them.
    pub checks: usize,
    /// For a custom rule: the policy file it was loaded from (`None` for built-ins).
    pub source: Option<String>,
}

/// A rule's evidence inventory table: one row per resource of `resource_type`; the resource,
/// the declared columns, the location, then the verdicts of `verdicts`.
#[derive(Debug, Clone)]
pub struct Evidence {
    pub title: String,
    pub intro: String,
    pub resource_type: String,
    /// The first column's title: "Resource" unless the block names the resource ("Key").
    pub resource_column: String,
    pub columns: Vec<Column>,
    /// The rules whose verdicts close each row: the rule's own, or more when rules share a
    /// table (PE004's Lambda table shows PE007's verdict too).
    pub verdicts: Vec<String>,
    /// A computed cell ([`super::evidence::CELLS`]) that says why the rule's own verdict is
    /// "n/a" for a resource it gave none (PE001: the key is asymmetric).
    pub not_applicable: Option<String>,
}

/// One column of an evidence table.
#[derive(Debug, Clone, Default)]
pub struct Column {
    pub title: String,
    /// The attribute path shown (`versioning[0].enabled`); empty for a computed cell.
    pub path: String,
    /// What an attribute that is not set shows ("not set" unless given).
    pub absent: Option<String>,
    /// Show the resource the value refers to (as its address) rather than the value.
    pub reference: bool,
    /// A computed cell by name ([`super::evidence::CELLS`]), instead of `path`.
    pub cell: Option<String>,
}

/// A rule's setting: its name, type, default and documentation.
#[derive(Debug, Clone)]
pub struct SettingDecl {
    pub name: String,
    pub kind: SettingType,
    pub default: Value,
    pub doc: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SettingType {
    String,
    Number,
    Bool,
    Strings,
}

impl SettingType {
    pub const ALL: [SettingType; 4] = [
        SettingType::String,
        SettingType::Number,
        SettingType::Bool,
        SettingType::Strings,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            SettingType::String => "string",
            SettingType::Number => "number",
            SettingType::Bool => "bool",
            SettingType::Strings => "list(string)",
        }
    }

    pub fn parse(s: &str) -> Option<SettingType> {
        SettingType::ALL.into_iter().find(|t| t.as_str() == s)
    }

    /// Whether `v` is a value of this type.
    pub fn accepts(self, v: &Value) -> bool {
        match self {
            SettingType::String => matches!(v, Value::String(_)),
            SettingType::Number => matches!(v, Value::Number(_)),
            SettingType::Bool => matches!(v, Value::Bool(_)),
            SettingType::Strings => v
                .as_list()
                .is_some_and(|l| l.iter().all(|i| matches!(i, Value::String(_)))),
        }
    }
}

#[derive(Debug, Clone, Default)]
pub struct Peers {
    pub tfsec: Vec<String>,
    pub trivy: Vec<String>,
    pub checkov: Vec<String>,
    pub tflint: Vec<String>,
}

impl Peers {
    pub fn any(&self) -> bool {
        !(self.tfsec.is_empty()
            && self.trivy.is_empty()
            && self.checkov.is_empty()
            && self.tflint.is_empty())
    }
}

#[derive(Debug, Clone, Default)]
pub struct PeerNotes {
    pub tfsec: String,
    pub trivy: String,
    pub checkov: String,
    pub tflint: String,
}

#[derive(Debug, Clone, Default)]
pub struct Example {
    pub code: String,
}

/// The embedded policy files, by file name: every `rules/*.hcl`, sorted (generated by
/// `build.rs`, so adding a rule's policy file is enough to embed it).
pub const POLICY_FILES: &[(&str, &str)] = include!(concat!(env!("OUT_DIR"), "/policy_files.rs"));

/// The rules of a built-in policy file, read by the same loader as custom policy files; the
/// first error when the file is invalid.
pub fn parse_policy(name: &str, text: &str) -> Result<Vec<RuleMeta>, String> {
    let path = std::path::PathBuf::from(format!("rules/{name}"));
    let (rules, diags) =
        super::custom::compile_text(text, &path, None, super::custom::LoadMode::Embedded);
    if let Some(d) = diags.iter().find(|d| d.is_error()) {
        let at = d.loc.map(|l| {
            let line = text[..(l.span.start as usize).min(text.len())]
                .matches('\n')
                .count()
                + 1;
            format!("line {line}: ")
        });
        return Err(format!("{}{}", at.unwrap_or_default(), d.message));
    }
    Ok(rules.into_iter().map(|r| r.meta).collect())
}

/// Built-in rule metadata, parsed once from the embedded files (constant data, not a
/// registry: custom rules live in the run's [`RuleSet`]). A broken embedded file is a build
/// defect that the tests catch; at run time it degrades to a placeholder instead of a panic.
pub static BUILTIN: LazyLock<Vec<Arc<RuleMeta>>> = LazyLock::new(|| {
    let mut out = Vec::new();
    for (name, text) in POLICY_FILES {
        match parse_policy(name, text) {
            Ok(rules) => out.extend(rules.into_iter().map(Arc::new)),
            Err(e) => out.push(Arc::new(RuleMeta {
                id: name.split('-').next().unwrap_or("PE000").to_string(),
                name: "invalid-policy-file".into(),
                severity: Level::Error,
                summary: format!("embedded policy file {name} is invalid: {e}"),
                ..Default::default()
            })),
        }
    }
    out.sort_by(|a, b| a.id.cmp(&b.id));
    out
});

pub fn builtin(id: &str) -> Option<&'static RuleMeta> {
    BUILTIN
        .iter()
        .find(|m| m.id.eq_ignore_ascii_case(id))
        .map(|m| &**m)
}

/// The built-in rules alone, for callers that have no run (a report of a tree without custom
/// rules, the fuzz entry point, unit tests).
pub fn builtin_set() -> &'static RuleSet {
    static SET: LazyLock<RuleSet> = LazyLock::new(RuleSet::builtin);
    &SET
}

/// A rule's id as verdicts carry it: shared, cheap to clone, no leaking for custom rules.
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct RuleId(Arc<str>);

/// As the string it is (messages quote ids with `{:?}`).
impl std::fmt::Debug for RuleId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Debug::fmt(&*self.0, f)
    }
}

impl RuleId {
    pub fn new(id: &str) -> RuleId {
        RuleId(Arc::from(id))
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::ops::Deref for RuleId {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

impl std::borrow::Borrow<str> for RuleId {
    fn borrow(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for RuleId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl PartialEq<str> for RuleId {
    fn eq(&self, other: &str) -> bool {
        &*self.0 == other
    }
}

impl PartialEq<&str> for RuleId {
    fn eq(&self, other: &&str) -> bool {
        &*self.0 == *other
    }
}

impl PartialEq<String> for RuleId {
    fn eq(&self, other: &String) -> bool {
        *self.0 == **other
    }
}

impl PartialEq<RuleId> for &str {
    fn eq(&self, other: &RuleId) -> bool {
        **self == *other.0
    }
}

impl PartialEq<RuleId> for String {
    fn eq(&self, other: &RuleId) -> bool {
        **self == *other.0
    }
}

impl From<&str> for RuleId {
    fn from(id: &str) -> RuleId {
        RuleId::new(id)
    }
}

impl serde::Serialize for RuleId {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0)
    }
}

/// The rules of one run: the built-ins, then the custom rules (sorted by id) with their
/// compiled checks. Built once per run and passed to the rules, the suppressions, the
/// configuration's validation and the reports.
#[derive(Clone, Debug, Default)]
pub struct RuleSet {
    builtin: Vec<Arc<RuleMeta>>,
    custom: Vec<CustomRule>,
}

impl RuleSet {
    /// The built-in rules only.
    pub fn builtin() -> RuleSet {
        RuleSet {
            builtin: BUILTIN.clone(),
            custom: Vec::new(),
        }
    }

    /// The built-ins and these custom rules (sorted by id; the loader refused duplicates).
    pub fn with_custom(mut custom: Vec<CustomRule>) -> RuleSet {
        custom.sort_by(|a, b| a.meta.id.cmp(&b.meta.id));
        RuleSet {
            builtin: BUILTIN.clone(),
            custom,
        }
    }

    /// A rule's metadata by id (any case).
    pub fn lookup(&self, id: &str) -> Option<&RuleMeta> {
        self.iter().find(|m| m.id.eq_ignore_ascii_case(id))
    }

    /// A rule by id or by name, as a configuration's `rule` block or a suppression names it.
    pub fn find(&self, id_or_name: &str) -> Option<&RuleMeta> {
        self.iter()
            .find(|m| m.id.eq_ignore_ascii_case(id_or_name) || m.name == id_or_name)
    }

    /// Every rule's metadata: the built-ins, then the custom rules, each sorted by id.
    pub fn iter(&self) -> impl Iterator<Item = &RuleMeta> + '_ {
        self.builtin
            .iter()
            .map(|m| &**m)
            .chain(self.custom.iter().map(|r| &r.meta))
    }

    /// The built-in rules' metadata.
    pub fn builtins(&self) -> impl Iterator<Item = &RuleMeta> + '_ {
        self.builtin.iter().map(|m| &**m)
    }

    /// The custom rules, with their checks.
    pub fn custom(&self) -> &[CustomRule] {
        &self.custom
    }

    pub fn custom_mut(&mut self) -> &mut [CustomRule] {
        &mut self.custom
    }

    pub fn is_builtin(&self, id: &str) -> bool {
        self.builtin.iter().any(|m| m.id.eq_ignore_ascii_case(id))
    }

    /// The rule's severity: the configuration's override, else its policy file's.
    pub fn severity(&self, settings: &Settings, id: &str) -> Level {
        settings
            .severity_override(id)
            .or_else(|| self.lookup(id).map(|m| m.severity))
            .unwrap_or(Level::Error)
    }

    /// Whether a failing finding of this rule makes the run fail (exit code 1).
    pub fn fails_run(&self, settings: &Settings, id: &str) -> bool {
        settings.fail_on != Level::Never && self.severity(settings, id) >= settings.fail_on
    }

    /// The ids as a range for messages, such as "PE001-PE008" (built-ins only).
    pub fn builtin_range(&self) -> String {
        match (self.builtin.first(), self.builtin.last()) {
            (Some(a), Some(b)) if a.id != b.id => format!("{}-{}", a.id, b.id),
            (Some(a), _) => a.id.clone(),
            _ => String::new(),
        }
    }
}

/// The documentation page for a rule, generated from its policy file (see rules/README.md):
/// `docs/rules/<ID>.md` for a built-in rule, and `--explain` and the SARIF help for every rule.
/// A built-in page has every section of the layout; a custom rule's has the ones it fills,
/// plus its summary, the source of its checks (`checks`) and where it comes from.
pub fn render_doc(m: &RuleMeta, checks: Option<&str>) -> String {
    let custom = m.source.is_some();
    let mut s = format!(
        "# {} {}\n\nSeverity: {} \u{b7} Requirement: {}\n",
        m.id,
        m.name,
        m.severity.as_str(),
        m.requirement.trim()
    );
    if let Some(src) = &m.source {
        s.push_str(&format!("Custom rule from {src}\n"));
    }
    let mut section = |title: &str, body: &str| {
        if !custom || !body.trim().is_empty() {
            s.push_str(&format!("\n## {title}\n\n{}\n", body.trim()));
        }
    };
    let fenced = |code: &str| format!("```hcl\n{}\n```", code.trim());
    let example = |k: &str| match m.example.get(k) {
        Some(e) => fenced(&e.code),
        None if custom => String::new(),
        None => fenced(""),
    };
    if custom {
        section("Summary", &m.summary);
    }
    section("What it does", &m.description);
    section("Why is this bad", &m.rationale);
    if let Some(text) = checks {
        section("Checks", &fenced(text));
    }
    section("Example", &example("fail"));
    section("Use instead", &example("pass"));
    section("How to fix", &m.remediation);
    if !m.settings.is_empty() {
        section("Settings", &settings_list(m));
    }
    if !custom || m.peers.any() {
        section("Peer checks", &peer_table(m));
    }
    let refs: Vec<String> = m
        .references
        .iter()
        .map(|r| format!("- <{}>", r.trim()))
        .collect();
    section("References", &refs.join("\n"));
    section("Known differences from peer fixtures", &m.known_differences);
    section("Known problems", &m.known_problems);
    if custom && !m.doc_url.is_empty() && m.source.as_ref() != Some(&m.doc_url) {
        section("Documentation", &m.doc_url);
    }
    s
}

/// A rule's settings, as its configuration `rule` block takes them.
fn settings_list(m: &RuleMeta) -> String {
    m.settings
        .iter()
        .map(|d| {
            format!(
                "- `{}` ({}, default `{}`): {}",
                d.name,
                d.kind.as_str(),
                d.default.display(),
                d.doc.trim()
            )
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn peer_table(m: &RuleMeta) -> String {
    let ids = |v: &[String]| {
        if v.is_empty() {
            "none".to_string()
        } else {
            v.iter()
                .map(|i| format!("`{i}`"))
                .collect::<Vec<_>>()
                .join(", ")
        }
    };
    format!(
        "| Tool | IDs | How pe-lint differs |\n| --- | --- | --- |\n| tfsec | {} | {} |\n| trivy | {} | {} |\n| checkov | {} | {} |\n| tflint | {} | {} |",
        ids(&m.peers.tfsec),
        m.peer_notes.tfsec.trim(),
        ids(&m.peers.trivy),
        m.peer_notes.trivy.trim(),
        ids(&m.peers.checkov),
        m.peer_notes.checkov.trim(),
        ids(&m.peers.tflint),
        m.peer_notes.tflint.trim()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_builtin_set_is_the_policy_files() {
        let set = RuleSet::builtin();
        let ids: Vec<&str> = set.iter().map(|m| m.id.as_str()).collect();
        let files: Vec<&str> = POLICY_FILES.iter().map(|(n, _)| &n[..5]).collect();
        assert_eq!(ids, files);
        assert_eq!(set.builtin_range(), "PE001-PE008");
        assert_eq!(
            set.lookup("pe005").map(|m| m.name.as_str()),
            Some("log-retention")
        );
        assert_eq!(
            set.find("log-retention").map(|m| m.id.as_str()),
            Some("PE005")
        );
        assert!(set.custom().is_empty() && set.is_builtin("PE008") && !set.is_builtin("ORG1"));
    }

    #[test]
    fn severity_overrides_and_fail_on() {
        let set = RuleSet::builtin();
        let mut s = Settings::default();
        assert_eq!(set.severity(&s, "PE001"), Level::Error);
        s.rule_severity.insert("pe001".into(), Level::Warning);
        assert_eq!(set.severity(&s, "PE001"), Level::Warning);
        assert!(!set.fails_run(&s, "PE001") && set.fails_run(&s, "PE002"));
        s.fail_on = Level::Never;
        assert!(!set.fails_run(&s, "PE002"));
    }

    #[test]
    fn rule_ids_compare_with_strings() {
        let id = RuleId::new("ORG1");
        assert_eq!(id, "ORG1");
        assert_eq!("ORG1", id);
        assert_eq!(id, String::from("ORG1"));
        assert_eq!(id.as_str(), "ORG1");
        assert_eq!(format!("{id:?} {id}"), "\"ORG1\" ORG1");
    }
}

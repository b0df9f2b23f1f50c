//! Rule metadata, read from the policy files in `rules/` (embedded in the binary).

use std::collections::BTreeMap;
use std::sync::{LazyLock, RwLock};

use serde::Deserialize;

#[derive(Debug, Deserialize, Clone)]
pub struct PolicyFile {
    pub rule: BTreeMap<String, RuleMeta>,
}

#[derive(Debug, Deserialize, Clone, Default)]
#[serde(deny_unknown_fields)]
pub struct RuleMeta {
    #[serde(skip)]
    pub id: String,
    pub name: String,
    pub severity: String,
    pub requirement: String,
    pub summary: String,
    pub description: String,
    pub rationale: String,
    pub remediation: String,
    pub doc_url: String,
    #[serde(default)]
    pub resource_types: Vec<String>,
    #[serde(default)]
    pub references: Vec<String>,
    #[serde(default)]
    pub peers: Peers,
    #[serde(default)]
    pub peer_notes: PeerNotes,
    #[serde(default)]
    pub known_differences: String,
    #[serde(default)]
    pub known_problems: String,
    #[serde(default)]
    pub example: BTreeMap<String, Example>,
    /// `check` blocks (rules written in the policy language) are not metadata: the engine
    /// compiles them (rules::custom). This counts them.
    #[serde(skip)]
    pub checks: usize,
    /// For a custom rule: the policy file it was loaded from (`None` for built-ins).
    #[serde(skip)]
    pub source: Option<String>,
}

#[derive(Debug, Deserialize, Clone, Default)]
pub struct Peers {
    #[serde(default)]
    pub tfsec: Vec<String>,
    #[serde(default)]
    pub trivy: Vec<String>,
    #[serde(default)]
    pub checkov: Vec<String>,
    #[serde(default)]
    pub tflint: Vec<String>,
}

#[derive(Debug, Deserialize, Clone, Default)]
pub struct PeerNotes {
    #[serde(default)]
    pub tfsec: String,
    #[serde(default)]
    pub trivy: String,
    #[serde(default)]
    pub checkov: String,
    #[serde(default)]
    pub tflint: String,
}

#[derive(Debug, Deserialize, Clone, Default)]
pub struct Example {
    pub code: String,
}

/// The embedded policy files, by file name.
pub const POLICY_FILES: &[(&str, &str)] = &[
    (
        "PE001-kms-key-rotation.hcl",
        include_str!("../../rules/PE001-kms-key-rotation.hcl"),
    ),
    (
        "PE002-s3-public-access-block.hcl",
        include_str!("../../rules/PE002-s3-public-access-block.hcl"),
    ),
    (
        "PE003-sqs-dlq-redrive.hcl",
        include_str!("../../rules/PE003-sqs-dlq-redrive.hcl"),
    ),
    (
        "PE004-lambda-reserved-concurrency.hcl",
        include_str!("../../rules/PE004-lambda-reserved-concurrency.hcl"),
    ),
    (
        "PE005-log-retention.hcl",
        include_str!("../../rules/PE005-log-retention.hcl"),
    ),
    (
        "PE006-cost-tags.hcl",
        include_str!("../../rules/PE006-cost-tags.hcl"),
    ),
    (
        "PE007-api-lambda-no-vpc.hcl",
        include_str!("../../rules/PE007-api-lambda-no-vpc.hcl"),
    ),
    (
        "PE008-iam-no-wildcards.hcl",
        include_str!("../../rules/PE008-iam-no-wildcards.hcl"),
    ),
];

pub fn parse_policy(text: &str) -> Result<Vec<RuleMeta>, String> {
    use hcl::eval::Evaluate;
    let mut body = hcl::parse(text).map_err(|e| e.to_string())?;
    // `check` blocks hold expressions over a resource (`self`, ...), evaluated per resource by
    // the engine; take them out before evaluating the metadata.
    let mut checks: BTreeMap<String, usize> = BTreeMap::new();
    for s in body.0.iter_mut() {
        if let hcl::Structure::Block(rule) = s {
            let id = rule.labels.first().map(|l| l.as_str().to_string());
            let before = rule.body.0.len();
            rule.body.0.retain(
                |s| !matches!(s, hcl::Structure::Block(b) if b.identifier.as_str() == "check"),
            );
            *checks.entry(id.unwrap_or_default()).or_default() += before - rule.body.0.len();
        }
    }
    let body = body
        .evaluate(&hcl::eval::Context::new())
        .map_err(|e| e.to_string())?;
    let file: PolicyFile = hcl::from_body(body).map_err(|e| e.to_string())?;
    Ok(file
        .rule
        .into_iter()
        .map(|(id, mut m)| {
            m.checks = checks.get(&id).copied().unwrap_or(0);
            m.id = id;
            m
        })
        .collect())
}

/// Built-in rule metadata, parsed once. A broken embedded file is a build defect that the
/// tests catch; at run time it degrades to a placeholder instead of a panic.
pub static BUILTIN: LazyLock<Vec<RuleMeta>> = LazyLock::new(|| {
    let mut out = Vec::new();
    for (name, text) in POLICY_FILES {
        match parse_policy(text) {
            Ok(rules) => out.extend(rules),
            Err(e) => out.push(RuleMeta {
                id: name.split('-').next().unwrap_or("PE000").to_string(),
                name: "invalid-policy-file".into(),
                severity: "error".into(),
                summary: format!("embedded policy file {name} is invalid: {e}"),
                ..Default::default()
            }),
        }
    }
    out.sort_by(|a, b| a.id.cmp(&b.id));
    out
});

pub fn builtin(id: &str) -> Option<&'static RuleMeta> {
    BUILTIN.iter().find(|m| m.id.eq_ignore_ascii_case(id))
}

/// Metadata of the custom rules loaded in this run (see [`register_custom`]).
static CUSTOM: RwLock<Vec<&'static RuleMeta>> = RwLock::new(Vec::new());

/// Make custom rules' metadata visible to [`lookup`] and [`all`] (reports, `--explain`,
/// `--list-rules`). Called once per run; a rule registered again replaces the earlier entry.
/// The metadata is leaked: it lives as long as the process, like the built-ins'.
pub fn register_custom(metas: impl IntoIterator<Item = RuleMeta>) {
    let mut reg = CUSTOM.write().unwrap_or_else(|e| e.into_inner());
    for m in metas {
        reg.retain(|r| !r.id.eq_ignore_ascii_case(&m.id));
        reg.push(Box::leak(Box::new(m)));
    }
    reg.sort_by(|a, b| a.id.cmp(&b.id));
}

/// A rule's metadata: built-in, else a registered custom rule.
pub fn lookup(id: &str) -> Option<&'static RuleMeta> {
    builtin(id).or_else(|| {
        CUSTOM
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .iter()
            .copied()
            .find(|m| m.id.eq_ignore_ascii_case(id))
    })
}

/// Every rule's metadata: the built-ins, then the registered custom rules, each sorted by id.
pub fn all() -> Vec<&'static RuleMeta> {
    let mut out: Vec<&'static RuleMeta> = BUILTIN.iter().collect();
    out.extend(
        CUSTOM
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .iter()
            .copied(),
    );
    out
}

/// The documentation page for a rule, generated from its policy file (see rules/README.md).
pub fn render_doc(m: &RuleMeta) -> String {
    let mut s = String::new();
    let section = |s: &mut String, title: &str, body: &str| {
        s.push_str(&format!("\n## {title}\n\n{}\n", body.trim()));
    };
    s.push_str(&format!(
        "# {} {}\n\nSeverity: {} \u{b7} Requirement: {}\n",
        m.id,
        m.name,
        m.severity.trim(),
        m.requirement.trim()
    ));
    section(&mut s, "What it does", &m.description);
    section(&mut s, "Why is this bad", &m.rationale);
    let code = |k: &str| {
        m.example
            .get(k)
            .map(|e| e.code.trim().to_string())
            .unwrap_or_default()
    };
    section(&mut s, "Example", &format!("```hcl\n{}\n```", code("fail")));
    section(
        &mut s,
        "Use instead",
        &format!("```hcl\n{}\n```", code("pass")),
    );
    section(&mut s, "How to fix", &m.remediation);
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
    let table = format!(
        "| Tool | IDs | How pe-lint differs |\n| --- | --- | --- |\n| tfsec | {} | {} |\n| trivy | {} | {} |\n| checkov | {} | {} |\n| tflint | {} | {} |",
        ids(&m.peers.tfsec),
        m.peer_notes.tfsec.trim(),
        ids(&m.peers.trivy),
        m.peer_notes.trivy.trim(),
        ids(&m.peers.checkov),
        m.peer_notes.checkov.trim(),
        ids(&m.peers.tflint),
        m.peer_notes.tflint.trim()
    );
    section(&mut s, "Peer checks", &table);
    let refs: Vec<String> = m
        .references
        .iter()
        .map(|r| format!("- <{}>", r.trim()))
        .collect();
    section(&mut s, "References", &refs.join("\n"));
    section(
        &mut s,
        "Known differences from peer fixtures",
        &m.known_differences,
    );
    section(&mut s, "Known problems", &m.known_problems);
    s
}

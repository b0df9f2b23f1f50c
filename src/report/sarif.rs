//! SARIF 2.1.0 for GitHub code scanning and other SARIF viewers (docs/report-format.md).
//!
//! Locations are relative to `%SRCROOT%`, the repository root (the git work tree's top level,
//! else the working directory pe-lint ran in), as in the other formats. Every finding carries a `partialFingerprints` entry
//! that depends on the rule, the resource address and the flagged source line's text, never on
//! its line number, so unrelated edits above a finding do not make it look new.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use serde_json::{json, Value as Json};

use super::{Evaluated, Report, RootsIndex};
use crate::diag::{Diagnostic, Severity};
use crate::rules::settings::Level;
use crate::rules::{meta, RuleMeta, Verdict};
use crate::source::Loc;

pub const SCHEMA_URI: &str =
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";

/// The base id every artifact location is relative to.
pub const SRCROOT: &str = "%SRCROOT%";

/// The key of pe-lint's own entry in `partialFingerprints`.
/// v2: the baseline's fingerprint of what was found (v1 hashed the flagged line's text).
pub const FINGERPRINT_KEY: &str = "peLintFinding/v2";

/// The project's home page: `repository` from Cargo.toml when set.
pub fn home() -> &'static str {
    match env!("CARGO_PKG_REPOSITORY") {
        "" => "https://github.com/pe-lint/pe-lint",
        url => url.trim_end_matches('/'),
    }
}

/// A rule's documentation as an absolute URL (policy files hold a repository-relative path).
pub fn help_uri(m: &RuleMeta) -> String {
    let url = m.doc_url.trim();
    if url.starts_with("https://") || url.starts_with("http://") {
        url.to_string()
    } else {
        format!("{}/blob/main/{}", home(), url.trim_start_matches('/'))
    }
}

pub fn render(r: &Report<'_>) -> String {
    let mut text = serde_json::to_string_pretty(&value(r)).unwrap_or_default();
    text.push('\n');
    text
}

/// SARIF's `error`, `warning` or `note` for a rule severity.
fn sarif_level(severity: Level) -> &'static str {
    match severity {
        Level::Error => "error",
        Level::Warning => "warning",
        Level::Info | Level::Never => "note",
    }
}

/// GitHub's `security-severity` score for a rule: its policy file's `security_severity`, else
/// (a custom rule that names none) one from its severity.
pub fn security_severity(m: &RuleMeta) -> String {
    if let Some(score) = &m.security_severity {
        return score.clone();
    }
    match m.severity {
        Level::Error => "7.0",
        Level::Warning => "4.0",
        Level::Info | Level::Never => "2.0",
    }
    .to_string()
}

/// Tags GitHub shows and filters on: the tool's, then the policy file's (`security` when it
/// names none).
pub fn tags(m: &RuleMeta) -> Vec<&str> {
    let mut out = vec!["compliance", "terraform", "aws"];
    if m.tags.is_empty() {
        out.push("security");
    }
    out.extend(m.tags.iter().map(String::as_str));
    out
}

/// SARIF `suppression.kind`: comments in the code are `inSource`, everything else (config
/// files, baselines) is `external`.
fn suppression_kind(kind: &str) -> &'static str {
    match kind.to_ascii_lowercase().as_str() {
        "inline" | "comment" | "insource" | "in-source" | "in_source" | "source" => "inSource",
        _ => "external",
    }
}

fn physical_location(r: &Report<'_>, loc: &Loc) -> Option<Json> {
    let p = r.position(loc)?;
    Some(json!({
        "artifactLocation": { "uri": artifact_uri(&p.file), "uriBaseId": SRCROOT },
        "region": {
            "startLine": p.line,
            "startColumn": p.column,
            "endLine": p.end_line,
            "endColumn": p.end_column,
        },
    }))
}

/// A relative path as a URI reference: `/`-separated, with characters outside RFC 3986's
/// unreserved and path sets percent-encoded.
pub fn artifact_uri(path: &str) -> String {
    let mut out = String::new();
    for b in path.bytes() {
        match b {
            b'A'..=b'Z'
            | b'a'..=b'z'
            | b'0'..=b'9'
            | b'-'
            | b'.'
            | b'_'
            | b'~'
            | b'/'
            | b'!'
            | b'$'
            | b'&'
            | b'\''
            | b'('
            | b')'
            | b'*'
            | b'+'
            | b','
            | b';'
            | b'='
            | b'@' => out.push(b as char),
            // A colon in the first segment would read as a scheme.
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

fn rule_json(id: &str, m: Option<&RuleMeta>) -> Json {
    let Some(m) = m else {
        return json!({
            "id": id,
            "name": id,
            "shortDescription": { "text": id },
            "fullDescription": { "text": id },
            "help": { "text": id, "markdown": id },
            "defaultConfiguration": { "level": "error" },
            "properties": { "tags": ["compliance", "terraform"], "security-severity": "7.0" },
        });
    };
    let short = one_line(&m.requirement);
    let mut full = one_line(&m.summary);
    if let Some(p) = m.rationale.trim().split("\n\n").next() {
        let with = format!("{full} {}", one_line(p));
        if with.chars().count() <= 1024 {
            full = with;
        }
    }
    // A custom rule documents itself (its policy file); it has a help URI only when it names one.
    let custom = m.source.is_some();
    let uri = (!custom || m.doc_url.starts_with("https://") || m.doc_url.starts_with("http://"))
        .then(|| help_uri(m));
    let help_text = format!(
        "{}\n\nHow to fix: {}\n\nDocumentation: {}",
        one_line(&m.summary),
        one_line(&m.remediation),
        uri.clone().unwrap_or_else(|| m.doc_url.clone())
    );
    let markdown = meta::render_doc(m, None);
    let mut rule = json!({
        "id": m.id,
        "name": m.name,
        "shortDescription": { "text": truncate(&short, 1024) },
        "fullDescription": { "text": truncate(&full, 1024) },
        "help": { "text": help_text, "markdown": markdown },
        "helpUri": uri,
        "defaultConfiguration": { "level": sarif_level(m.severity) },
        "properties": {
            "tags": tags(m),
            "security-severity": security_severity(m),
            "precision": "high",
            "requirement": m.requirement.trim(),
        },
    });
    if rule["helpUri"].is_null() {
        if let Some(o) = rule.as_object_mut() {
            o.remove("helpUri");
        }
    }
    rule
}

/// Paragraph text on one line.
fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn truncate(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        return s.to_string();
    }
    let mut out: String = s.chars().take(max - 1).collect();
    out.push('…');
    out
}

pub fn value(r: &Report<'_>) -> Json {
    // Every built-in rule, then any other rule a verdict names (custom rules), in id order.
    let mut ids: Vec<String> = r.rules.builtins().map(|m| m.id.clone()).collect();
    let extra: BTreeSet<&str> = r
        .verdicts
        .iter()
        .map(|v| v.rule_id.as_str())
        .filter(|id| !r.rules.is_builtin(id))
        .collect();
    ids.extend(extra.iter().map(|s| s.to_string()));
    let index: HashMap<&str, usize> = ids
        .iter()
        .enumerate()
        .map(|(i, id)| (id.as_str(), i))
        .collect();
    let rules: Vec<Json> = ids
        .iter()
        .map(|id| rule_json(id, r.rules.lookup(id)))
        .collect();
    let results = results(r, &index);
    let invocation = invocation(r);
    let mut run = json!({
        "tool": {
            "driver": {
                "name": "pe-lint",
                "version": env!("CARGO_PKG_VERSION"),
                "semanticVersion": env!("CARGO_PKG_VERSION"),
                "informationUri": home(),
                "rules": rules,
            }
        },
        "invocations": [invocation],
        "originalUriBaseIds": {
            SRCROOT: {
                "description": {
                    "text": "The repository root (the git work tree's top level, else the working directory pe-lint ran in); result paths are relative to it."
                }
            }
        },
        "columnKind": "unicodeCodePoints",
        "results": results,
    });
    if let Some(id) = r.sarif_category.as_deref().filter(|s| !s.trim().is_empty()) {
        // GitHub reads the part before the last `/` as the category.
        let id = id.trim();
        let id = if id.ends_with('/') {
            id.to_string()
        } else {
            format!("{id}/")
        };
        run["automationDetails"] = json!({ "id": id });
    }
    json!({
        "$schema": SCHEMA_URI,
        "version": "2.1.0",
        "runs": [run],
    })
}

/// One result per finding; `index`: each rule's position in the driver's rules. Results with
/// the same fingerprint are numbered apart.
fn results(r: &Report<'_>, index: &HashMap<&str, usize>) -> Vec<Json> {
    let mut seen: HashMap<String, usize> = HashMap::new();
    let roots = RootsIndex::new(r);
    r.findings()
        .map(|v| {
            let evaluated = roots.of(v);
            let hash = fingerprint_of(v, roots.shared(v).then_some(&evaluated));
            let n = seen.entry(hash.clone()).or_default();
            *n += 1;
            let mut res = result_json(
                r,
                v,
                index.get(v.rule_id.as_str()).copied(),
                format!("{hash}:{n}"),
            );
            name_root(&mut res, &evaluated, roots.shared(v));
            related_locations(&mut res, r, v);
            res
        })
        .collect()
}

/// The run's invocation: success, exit code, start time and the diagnostics as notifications.
fn invocation(r: &Report<'_>) -> Json {
    let notifications: Vec<Json> = r.diagnostics.iter().map(|d| notification(r, d)).collect();
    let mut invocation = json!({
        "executionSuccessful": !r.diagnostics.iter().any(|d| d.is_error()),
        "exitCode": super::exit_code(r),
    });
    if let Some(t) = &r.started_at {
        invocation["startTimeUtc"] = Json::from(t.as_str());
    }
    if !notifications.is_empty() {
        invocation["toolExecutionNotifications"] = Json::from(notifications);
    }
    invocation
}

fn notification(r: &Report<'_>, d: &Diagnostic) -> Json {
    let mut n = json!({
        "level": match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "note",
        },
        "message": { "text": plain_text(&match &d.help {
            Some(h) => format!("{} ({h})", d.message),
            None => d.message.clone(),
        }) },
        "descriptor": { "id": d.code },
    });
    if let Some(pl) = d.loc.as_ref().and_then(|l| physical_location(r, l)) {
        n["locations"] = json!([{ "physicalLocation": pl }]);
    }
    n
}

/// The finding's fingerprint. A file that several roots (or var files) evaluate gives one
/// result per root at the same place: GitHub code scanning would take results with the same
/// rule, place and fingerprint for one alert, so there the root joins the fingerprint. A file
/// evaluated once keeps the fingerprint baselines and earlier uploads know.
fn fingerprint_of(v: &Verdict, shared_root: Option<&Evaluated>) -> String {
    let hash = crate::baseline::fingerprint(v);
    let Some(e) = shared_root else {
        return hash;
    };
    use sha2::{Digest, Sha256};
    let mut h = Sha256::new();
    for part in std::iter::once(&e.root).chain(&e.var_files) {
        h.update((part.len() as u64).to_le_bytes());
        h.update(part.as_bytes());
    }
    let root: String = h.finalize()[..6]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    format!("{hash}/root:{root}")
}

/// The root (and var files) in the result's properties; where several roots report on the
/// file, in the message too, so the alerts read differently.
fn name_root(res: &mut Json, e: &Evaluated, shared: bool) {
    res["properties"]["root"] = Json::from(e.root.as_str());
    res["properties"]["varFiles"] = json!(e.var_files);
    if shared {
        if let Some(Json::String(text)) = res.pointer_mut("/message/text") {
            text.push_str(&format!(
                "\nEvaluated under root {}.",
                plain_text(&e.label())
            ));
        }
    }
}

/// Where a module's caller sets the value (`relatedLocations`, each with its message).
fn related_locations(res: &mut Json, r: &Report<'_>, v: &Verdict) {
    let related: Vec<Json> = v
        .related
        .iter()
        .filter_map(|rel| physical_location(r, &rel.loc).map(|pl| (pl, rel)))
        .enumerate()
        .map(|(i, (pl, rel))| {
            json!({
                "id": i + 1,
                "physicalLocation": pl,
                "message": { "text": plain_text(&rel.message) },
            })
        })
        .collect();
    if !related.is_empty() {
        res["relatedLocations"] = Json::Array(related);
    }
}

fn result_json(
    r: &Report<'_>,
    v: &Verdict,
    rule_index: Option<usize>,
    fingerprint: String,
) -> Json {
    let level = r.level_unsuppressed(v).as_str();
    let mut res = json!({ "ruleId": v.rule_id });
    if let Some(i) = rule_index {
        res["ruleIndex"] = Json::from(i);
    }
    res["level"] = Json::from(level);
    res["message"] = json!({ "text": plain_text(&message_text(v)) });
    let mut location = json!({});
    if let Some(pl) = physical_location(r, &v.loc) {
        location["physicalLocation"] = pl;
    }
    let mut logical = json!({
        "name": v.address.rsplit_once('.').map(|(_, n)| n).unwrap_or(&v.address),
        "fullyQualifiedName": v.address,
        "kind": "resource",
    });
    if !v.rtype.is_empty() {
        logical["properties"] = json!({ "type": v.rtype });
    }
    location["logicalLocations"] = json!([logical]);
    res["locations"] = json!([location]);
    res["partialFingerprints"] = json!({ FINGERPRINT_KEY: fingerprint });
    if let Some(s) = &v.suppression {
        let mut sup = json!({
            "kind": suppression_kind(s.kind),
            "status": "accepted",
            "justification": crate::suppress::reason_shown(&s.reason),
        });
        if let Some(pl) = s.loc.as_ref().and_then(|l| physical_location(r, l)) {
            sup["location"] = json!({ "physicalLocation": pl });
        }
        let mut props = BTreeMap::new();
        props.insert("source", Json::from(s.kind));
        if let Some(u) = &s.until {
            props.insert("until", Json::from(u.as_str()));
        }
        sup["properties"] = json!(props);
        res["suppressions"] = json!([sup]);
    }
    let mut props = json!({
        "status": v.status.as_str(),
        "resource": v.address,
    });
    if !v.fix.is_empty() {
        props["fix"] = Json::from(v.fix.as_str());
    }
    if let Some(c) = &v.configured {
        props["configured"] = super::json::configured_json(c);
    }
    res["properties"] = props;
    if let Some(fx) = r.fixable(v) {
        res["fixes"] = json!([fix_json(r, fx)]);
    }
    res
}

/// A SARIF `fix` (2.1.0 §3.55): one artifact change per file, each edit a replacement of a
/// region (empty for an insertion) by the new text.
fn fix_json(r: &Report<'_>, fx: &super::Fixable) -> Json {
    let mut by_file: BTreeMap<String, Vec<Json>> = BTreeMap::new();
    for e in &fx.edits {
        let e = r.place(e);
        by_file.entry(e.file).or_default().push(json!({
            "deletedRegion": {
                "startLine": e.start.line,
                "startColumn": e.start.column,
                "endLine": e.end.line,
                "endColumn": e.end.column,
            },
            "insertedContent": { "text": e.text },
        }));
    }
    let changes: Vec<Json> = by_file
        .into_iter()
        .map(|(file, replacements)| {
            json!({
                "artifactLocation": { "uri": artifact_uri(&file), "uriBaseId": SRCROOT },
                "replacements": replacements,
            })
        })
        .collect();
    json!({
        "description": { "text": plain_text(&fx.what) },
        "artifactChanges": changes,
    })
}

/// A SARIF plain-text message (2.1.0 §3.11.6, messages with embedded links): `[text](target)`
/// in a message is a link a viewer follows, so literal `[` and `]` from the tree are escaped
/// as `\[` and `\]`, and a literal `\` as `\\` so that it cannot escape what follows it.
pub fn plain_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if matches!(c, '\\' | '[' | ']') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// The result message: the finding and, on a new line, the fix.
fn message_text(v: &Verdict) -> String {
    let mut s = v.message.trim_end().to_string();
    if !s.ends_with(['.', '!', '?']) {
        s.push('.');
    }
    if !v.fix.is_empty() {
        s.push_str(&format!("\nFix: {}", v.fix.trim_end()));
        if !s.ends_with(['.', '!', '?']) {
            s.push('.');
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uris_are_percent_encoded() {
        assert_eq!(artifact_uri("a b/c%d.tf"), "a%20b/c%25d.tf");
        assert_eq!(artifact_uri("modules/s3/main.tf"), "modules/s3/main.tf");
        assert_eq!(artifact_uri("é.tf"), "%C3%A9.tf");
    }

    #[test]
    fn plain_text_escapes_brackets_and_backslashes() {
        assert_eq!(
            plain_text("see [docs](https://evil.example) \\[x]"),
            "see \\[docs\\](https://evil.example) \\\\\\[x\\]"
        );
        assert_eq!(plain_text("a.b"), "a.b");
    }

    #[test]
    fn suppression_kinds() {
        assert_eq!(suppression_kind("inline"), "inSource");
        assert_eq!(suppression_kind("config"), "external");
        assert_eq!(suppression_kind("baseline"), "external");
    }

    #[test]
    fn every_builtin_rule_has_scores_and_links() {
        for m in meta::BUILTIN.iter() {
            assert!(
                m.security_severity.is_some(),
                "{} names no security_severity",
                m.id
            );
            let s: f64 = security_severity(m).parse().unwrap();
            assert!(s > 0.0 && s <= 10.0);
            assert!(help_uri(m).starts_with("https://"), "{}", help_uri(m));
            assert!(tags(m).len() <= 10);
        }
    }
}

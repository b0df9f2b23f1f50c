//! The JSON report: a versioned, documented contract (docs/report-format.md,
//! docs/report.schema.json).

use std::collections::BTreeMap;

use rayon::prelude::*;
use serde_json::{json, Value as Json};

use super::{diagnostic_json_at, Report, RootsIndex};
use crate::rules::Status;

pub const SCHEMA_VERSION: &str = "1.2";

pub fn render(r: &Report<'_>) -> String {
    let mut v = value(r);
    // Findings and diagnostics are most of a large report: their elements are printed in
    // parallel, each indented as serde_json would inside the document, and put in place. The
    // result is the same bytes as printing the whole document at once (tests/it/reports.rs).
    let mut parts: Vec<(&str, Vec<String>)> = Vec::new();
    for key in ["findings", "diagnostics"] {
        if let Some(Json::Array(items)) = v.get_mut(key) {
            if !items.is_empty() {
                let items = std::mem::take(items);
                parts.push((key, items.par_iter().map(indented_element).collect()));
            }
        }
    }
    let doc = pretty(&v);
    let size = doc.len()
        + parts
            .iter()
            .flat_map(|(_, items)| items)
            .map(|i| i.len() + 2)
            .sum::<usize>();
    let mut text = String::with_capacity(size + 64);
    let mut rest = doc.as_str();
    for (key, items) in &parts {
        let empty = format!("\n  \"{key}\": []");
        let Some(at) = rest.find(&empty) else {
            return pretty(&value(r));
        };
        text.push_str(&rest[..at]);
        text.push_str(&format!("\n  \"{key}\": [\n"));
        for (i, item) in items.iter().enumerate() {
            if i > 0 {
                text.push_str(",\n");
            }
            text.push_str(item);
        }
        text.push_str("\n  ]");
        rest = &rest[at + empty.len()..];
    }
    text.push_str(rest);
    text
}

/// One element of a top-level array, printed as it appears inside the document.
fn indented_element(item: &Json) -> String {
    let text = serde_json::to_string_pretty(item).unwrap_or_default();
    let mut out = String::with_capacity(text.len() + 64);
    for (i, line) in text.lines().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        out.push_str("    ");
        out.push_str(line);
    }
    out
}

fn pretty(v: &Json) -> String {
    let mut text = serde_json::to_string_pretty(v).unwrap_or_default();
    text.push('\n');
    text
}

/// How the evidence was produced, in the `scan` block.
fn provenance(scan: &mut Json, r: &Report<'_>) {
    let p = &r.run.provenance;
    scan["configuration"] = p
        .config_files
        .iter()
        .map(|(path, sha)| json!({ "path": r.repo_path(path), "sha256": sha }))
        .collect();
    scan["settings"] = p
        .settings
        .iter()
        .map(|s| json!({ "name": s.name, "value": s.value, "default": s.default, "from": s.from }))
        .collect();
    scan["var_files"] = json!(p.var_files);
    scan["vars"] = json!(p.var_names);
    scan["environment_from"] = json!(p.environment_from);
    scan["baseline"] = json!(p.baseline);
    scan["suppressions_applied"] = json!(r.suppressions_applied());
    scan["git_commit"] = json!(p.git_commit);
}

/// One finding: the rule, its effective severity and level, the place and the message.
fn finding_json(r: &Report<'_>, roots: &RootsIndex<'_>, v: &crate::rules::Verdict) -> Json {
    let m = r.rules.lookup(&v.rule_id);
    let pos = r.position(&v.loc);
    let mut f = json!({
        "rule_id": v.rule_id,
        "rule_name": m.map(|m| m.name.as_str()).unwrap_or(""),
        "severity": r.severity_of(&v.rule_id).as_str(),
        "level": r.level(v).as_str(),
        "status": v.status.as_str(),
        "resource": v.address,
        "module": if v.module.is_empty() { Json::Null } else { Json::from(v.module.as_str()) },
        "file": pos.as_ref().map(|p| p.file.clone()),
        "line": pos.as_ref().map(|p| p.line),
        "column": pos.as_ref().map(|p| p.column),
        "end_line": pos.as_ref().map(|p| p.end_line),
        "end_column": pos.as_ref().map(|p| p.end_column),
        "message": v.message,
        "fix": v.fix,
    });
    evaluated_under(&mut f, roots, v);
    related_json(&mut f, r, v);
    if let Some(c) = &v.configured {
        f["configured"] = configured_json(c);
    }
    if let Some(s) = &v.suppression {
        f["suppression"] = json!({
            "kind": s.kind,
            "reason": crate::suppress::reason_shown(&s.reason),
            "until": s.until,
            "original_status": s.original.as_str(),
        });
    }
    if let Some(fx) = r.fixable(v) {
        f["edits"] = fx
            .edits
            .iter()
            .map(|e| {
                let e = r.place(e);
                json!({
                    "file": e.file,
                    "line": e.start.line,
                    "column": e.start.column,
                    "end_line": e.end.line,
                    "end_column": e.end.column,
                    "text": e.text,
                })
            })
            .collect();
    }
    f
}

/// The root and var files the finding was evaluated under (#20 item 20): the same module
/// checked through two roots gives two findings that differ here.
fn evaluated_under(f: &mut Json, roots: &RootsIndex<'_>, v: &crate::rules::Verdict) {
    let e = roots.of(v);
    f["root"] = Json::from(e.root);
    f["var_files"] = json!(e.var_files);
}

/// Where a module's caller sets the value the finding is about (`related`, only when known).
fn related_json(f: &mut Json, r: &Report<'_>, v: &crate::rules::Verdict) {
    let related: Vec<Json> = v
        .related
        .iter()
        .filter_map(|rel| {
            let p = r.position(&rel.loc)?;
            Some(json!({
                "file": p.file,
                "line": p.line,
                "column": p.column,
                "end_line": p.end_line,
                "end_column": p.end_column,
                "message": rel.message,
            }))
        })
        .collect();
    if !related.is_empty() {
        f["related"] = Json::Array(related);
    }
}

/// Where a planned instance is configured (`--plan` alone): its block and the module calls
/// from the root down to it, each with its `source` (`null` when the plan does not give it).
pub fn configured_json(c: &crate::terraform::Configured) -> Json {
    json!({
        "block": c.block,
        "module_calls": c
            .calls
            .iter()
            .map(|m| json!({ "call": m.call, "source": m.source }))
            .collect::<Vec<_>>(),
    })
}

/// Each rule's counts of verdicts by status, and its failures by rule id for the summary.
fn rules_json(r: &Report<'_>) -> (Vec<Json>, serde_json::Map<String, Json>) {
    let mut by_rule: BTreeMap<&str, BTreeMap<Status, usize>> = BTreeMap::new();
    for v in r.verdicts {
        *by_rule
            .entry(v.rule_id.as_str())
            .or_default()
            .entry(v.status)
            .or_default() += 1;
    }
    let get = |id: &str, s: Status| {
        by_rule
            .get(id)
            .and_then(|m| m.get(&s))
            .copied()
            .unwrap_or(0)
    };
    let rules: Vec<Json> = r
        .rules
        .iter()
        .map(|m| {
            let id = m.id.as_str();
            let checked: usize = by_rule.get(id).map(|m| m.values().sum()).unwrap_or(0);
            json!({
                "id": id,
                "name": m.name,
                "severity": r.severity_of(id).as_str(),
                "status": r.rule_status(id).as_str(),
                "requirement": m.requirement,
                "checked": checked,
                "passed": get(id, Status::Pass),
                "failed": get(id, Status::Fail),
                "unresolved": get(id, Status::Unresolved),
                "suppressed": get(id, Status::Suppressed),
            })
        })
        .collect();
    let summary_by_rule: serde_json::Map<String, Json> = r
        .rules
        .iter()
        .map(|m| (m.id.clone(), Json::from(get(&m.id, Status::Fail))))
        .collect();
    (rules, summary_by_rule)
}

/// What was scanned: roots, environment, files, modules, resources and the provenance.
fn scan_json(r: &Report<'_>) -> Json {
    let mut scan = json!({
        "roots": r.roots,
        "environment": r.environment,
        "files": r.files,
        "modules": r.modules(),
        "resources": r.resources(),
        "strict": r.strict,
    });
    if let Some(w) = &r.model.workspace {
        scan["workspace"] = Json::from(w.as_str());
    }
    if let Some(t) = &r.started_at {
        scan["started_at"] = Json::from(t.as_str());
    }
    provenance(&mut scan, r);
    scan
}

pub fn value(r: &Report<'_>) -> Json {
    let (rules, summary_by_rule) = rules_json(r);
    // The largest part of a big report; rendered in parallel, in order.
    let roots = RootsIndex::new(r);
    let findings: Vec<Json> = r
        .verdicts
        .par_iter()
        .filter(|v| v.is_finding())
        .map(|v| finding_json(r, &roots, v))
        .collect();
    let diagnostics: Vec<Json> = r
        .diagnostics
        .par_iter()
        .map(|d| diagnostic_json_at(d, d.loc.as_ref().and_then(|l| r.position(l))))
        .collect();
    let scan = scan_json(r);
    let mut doc = json!({
        "schema_version": SCHEMA_VERSION,
        "tool": { "name": "pe-lint", "version": env!("CARGO_PKG_VERSION") },
        "scan": scan,
        "outcome": { "result": r.outcome().as_str(), "exit_code": r.exit_code() },
        "summary": {
            "fail": r.count(Status::Fail),
            "unresolved": r.count(Status::Unresolved),
            "suppressed": r.count(Status::Suppressed),
            "pass": r.count(Status::Pass),
            "by_rule": summary_by_rule,
        },
        "rules": rules,
    });
    if let (Some(n), Some(summary)) = (r.run.fixed, doc.get_mut("summary")) {
        summary["fixed"] = Json::from(n);
    }
    // Moved in, not through `json!`, which would copy every element.
    if let Json::Object(m) = &mut doc {
        m.insert("findings".to_string(), Json::Array(findings));
        m.insert("diagnostics".to_string(), Json::Array(diagnostics));
    }
    doc
}

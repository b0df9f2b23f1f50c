//! Inline suppressions: `# pe-lint:ignore PE003 reason="..." until=2026-12-31` comments (and
//! `//`, `/* */`), a `"//"` key in `.tf.json`, and the migration forms `#tfsec:ignore:<id>`,
//! `#trivy:ignore:<id>` and `#checkov:skip=<ID>:<reason>` for the peer checks each rule's
//! policy file maps to it. See docs/suppressions.md.
//!
//! The one parse of each `.tf` file keeps its comments (from hcl-edit's decor, so strings,
//! templates and heredocs are never read as comments) and the outline of its blocks and
//! attributes with the file ([`crate::source::Layout`]); a comment's scope is found in that
//! outline. A file that did not parse has no layout, so no directives.

use std::collections::{BTreeSet, HashMap};

use crate::diag::{Diagnostic, Severity};
use crate::json::{self, JKind, JNode};
use crate::parse::comments::may_have_directives;
use crate::rules::{meta, RuleSet, Settings, Status, Suppression, Verdict};
use crate::source::{Comment, FileId, Item, Layout, Loc, SourceFile, Sources, Span};
use crate::terraform::Model;

pub const KIND_IN_SOURCE: &str = "inSource";

/// Where a suppression comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Origin {
    PeLint,
    Tfsec,
    Trivy,
    Checkov,
}

impl Origin {
    fn form(self) -> &'static str {
        match self {
            Origin::PeLint => "pe-lint:ignore",
            Origin::Tfsec => "tfsec:ignore",
            Origin::Trivy => "trivy:ignore",
            Origin::Checkov => "checkov:skip",
        }
    }
}

/// One suppression directive read from a comment.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Directive {
    pub origin: Origin,
    /// pe-lint rule ids it silences.
    pub rules: Vec<String>,
    pub reason: Option<String>,
    /// `YYYY-MM-DD`, validated.
    pub until: Option<String>,
    /// Problems with the directive: (severity, code, message, help).
    pub problems: Vec<(Severity, &'static str, String, Option<String>)>,
    /// False when a problem keeps it from applying (other than a missing reason).
    pub well_formed: bool,
}

impl Directive {
    fn new(origin: Origin) -> Directive {
        Directive {
            origin,
            rules: Vec::new(),
            reason: None,
            until: None,
            problems: Vec::new(),
            well_formed: true,
        }
    }
    fn warn(&mut self, msg: String, help: Option<String>) {
        self.problems
            .push((Severity::Warning, "invalid-suppression", msg, help));
    }
    pub fn has_reason(&self) -> bool {
        self.reason.as_ref().is_some_and(|r| !r.trim().is_empty())
    }
}

/// Peer check ids (lower case) per tool, mapped to pe-lint rules (from the policy files).
fn peer_rules(origin: Origin, id: &str) -> Vec<String> {
    let id = id.trim().to_ascii_lowercase();
    if id.is_empty() || has_wildcard(&id) {
        return Vec::new();
    }
    meta::BUILTIN
        .iter()
        .filter(|m| {
            let lists: Vec<&Vec<String>> = match origin {
                Origin::Tfsec => vec![&m.peers.tfsec],
                Origin::Trivy => vec![&m.peers.trivy, &m.peers.tfsec],
                Origin::Checkov => vec![&m.peers.checkov],
                Origin::PeLint => vec![],
            };
            lists
                .iter()
                .any(|l| l.iter().any(|p| p.to_ascii_lowercase() == id))
        })
        .map(|m| m.id.clone())
        .collect()
}

/// A valid calendar date `YYYY-MM-DD`.
pub fn valid_date(s: &str) -> bool {
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return false;
    }
    let num = |r: std::ops::Range<usize>| s.get(r).and_then(|x| x.parse::<u32>().ok());
    let (Some(y), Some(m), Some(d)) = (num(0..4), num(5..7), num(8..10)) else {
        return false;
    };
    if !s[0..4].bytes().all(|c| c.is_ascii_digit()) {
        return false;
    }
    if !(1..=12).contains(&m) {
        return false;
    }
    let days = crate::calendar::days_in_month(i64::from(y), i64::from(m));
    (1..=days).contains(&i64::from(d))
}

/// Read `key=value` pairs (values quoted with `"` and `\"` escapes, or bare words).
fn key_values(s: &str) -> Result<Vec<(String, String)>, String> {
    let mut out = Vec::new();
    let b = s.as_bytes();
    let mut i = 0;
    while i < b.len() {
        while i < b.len() && b[i].is_ascii_whitespace() {
            i += 1;
        }
        if i >= b.len() {
            break;
        }
        let k0 = i;
        while i < b.len() && (b[i].is_ascii_alphanumeric() || b[i] == b'_' || b[i] == b'-') {
            i += 1;
        }
        let key = &s[k0..i];
        if key.is_empty() || b.get(i) != Some(&b'=') {
            let word_end = s[k0..]
                .find(char::is_whitespace)
                .map(|p| k0 + p)
                .unwrap_or(s.len());
            return Err(s[k0..word_end].to_string());
        }
        i += 1;
        let value = if b.get(i) == Some(&b'"') {
            i += 1;
            let mut v = String::new();
            let mut closed = false;
            let mut chars = s[i..].char_indices();
            while let Some((off, c)) = chars.next() {
                match c {
                    '\\' => {
                        if let Some((_, n)) = chars.next() {
                            v.push(n);
                        }
                    }
                    '"' => {
                        i += off + 1;
                        closed = true;
                        break;
                    }
                    c => v.push(c),
                }
            }
            if !closed {
                return Err(format!("{key}=\"{v}"));
            }
            v
        } else {
            let v0 = i;
            while i < b.len() && !b[i].is_ascii_whitespace() {
                i += 1;
            }
            s[v0..i].to_string()
        };
        out.push((key.to_string(), value));
    }
    Ok(out)
}

/// Parse the directives in one comment's text. A comment holds one `pe-lint:ignore` (at its
/// start), or any number of tfsec/trivy ignores, or one checkov skip. Forms that look like a
/// suppression but name no rule (id-less, wildcards, another case) come back as directives
/// that never apply, each with a warning.
pub fn parse_comment(body: &str) -> Vec<Directive> {
    parse_comment_in(body, crate::rules::meta::builtin_set())
}

/// [`parse_comment`] with the run's rules (custom rules may be named too).
pub fn parse_comment_in(body: &str, rules: &RuleSet) -> Vec<Directive> {
    let t = body.trim();
    let mut out = honoured_forms(t, rules);
    out.extend(ignored_forms(t));
    for d in &mut out {
        d.reason = d.reason.take().map(|r| clean_reason(&r));
    }
    out
}

/// The longest reason kept, in characters: reports quote it on every suppressed finding.
pub const MAX_REASON_CHARS: usize = 500;

/// A reason as reports show it: on one line (a newline or control character in a block
/// comment or a `"//"` string would forge lines in the human, GitHub and JUnit reports; bidi
/// controls would reorder what a reviewer reads) and at most [`MAX_REASON_CHARS`].
pub fn clean_reason(r: &str) -> String {
    let hidden = |c: char| {
        c.is_control()
            || matches!(c, '\u{200b}'..='\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{feff}')
    };
    let one_line: String = r.chars().map(|c| if hidden(c) { ' ' } else { c }).collect();
    let mut out: String = one_line.trim().chars().take(MAX_REASON_CHARS).collect();
    if one_line.trim().chars().nth(MAX_REASON_CHARS).is_some() {
        out.push_str("...");
    }
    out
}

/// What reports say for a suppression whose reason is empty (a baseline's or a configuration's
/// may be).
pub fn reason_shown(reason: &str) -> &str {
    if reason.trim().is_empty() {
        "no reason given"
    } else {
        reason
    }
}

/// A peer tool's suppression with no reason. tfsec and trivy have no place for one, so their
/// bare forms still suppress (said as a warning, which `--strict` refuses: the finding keeps
/// failing); a bare checkov skip does not apply. The help names each tool's own syntax.
fn no_reason(origin: Origin, rule: &str, takes_effect: bool) -> Diagnostic {
    let form = origin.form();
    let (code, message) = match takes_effect {
        true => (
            "suppression-without-reason",
            format!("`{form}` suppresses {rule} here without a reason"),
        ),
        false => (
            "invalid-suppression",
            format!("`{form}` would silence {rule} here but gives no reason; it does not apply"),
        ),
    };
    let help = match origin {
        Origin::Checkov => {
            "write the reason after the id: `#checkov:skip=CKV_AWS_7:why this is acceptable`"
        }
        Origin::Trivy => {
            "add a reason after it: `#trivy:ignore:<id> reason=\"why this is acceptable\"` \
             (an expiry goes after the id: `#trivy:ignore:<id>:exp:2030-12-31`)"
        }
        _ => {
            "add a reason after it: `#tfsec:ignore:<id> reason=\"why this is acceptable\"` \
             (an expiry goes after the id: `#tfsec:ignore:<id>:exp:2030-12-31`)"
        }
    };
    Diagnostic::warning(code, message).with_help(help)
}

/// A word of a comment as a warning quotes it: at most 60 characters, escaped.
fn quoted(word: &str) -> String {
    let short: String = word.chars().take(60).collect();
    short.escape_debug().to_string()
}

/// A directive that never applies, with the warning that says why.
fn ignored(origin: Origin, word: &str, why: &str) -> Directive {
    let mut d = Directive::new(origin);
    d.well_formed = false;
    d.problems.push((
        Severity::Warning,
        "ignored-suppression",
        format!("`{}` suppresses nothing: {why}", quoted(word)),
        Some(match origin {
            Origin::PeLint => "write `pe-lint:ignore PE003 reason=\"...\"` naming each rule".to_string(),
            _ => format!(
                "name the check: `{}` followed by its id (a pe-lint rule id is never matched by a wildcard)",
                origin.form()
            ),
        }),
    ));
    d
}

fn has_wildcard(id: &str) -> bool {
    id.contains(['*', '?'])
}

/// Suppression-like words that name no rule: id-less or wildcard tfsec/trivy/checkov forms and
/// any form not in lower case. None of them may silence a PE rule, and none is silent.
fn ignored_forms(t: &str) -> Vec<Directive> {
    let mut out = Vec::new();
    let lower = t.to_ascii_lowercase();
    if lower.starts_with("pe-lint:ignore") && !t.starts_with("pe-lint:ignore") {
        let word = t.split_whitespace().next().unwrap_or(t);
        out.push(ignored(
            Origin::PeLint,
            word,
            "only lower-case `pe-lint:ignore` is read",
        ));
    }
    for word in t.split_whitespace() {
        let word = word.trim_start_matches('#');
        for (origin, prefix) in [
            (Origin::Tfsec, "tfsec:ignore"),
            (Origin::Trivy, "trivy:ignore"),
        ] {
            if !word.to_ascii_lowercase().starts_with(prefix) {
                continue;
            }
            // The prefix is ASCII, so its length is a character boundary of `word`.
            let rest = &word[prefix.len()..];
            let id = rest
                .strip_prefix(':')
                .map(|s| s.split(":exp:").next().unwrap_or(s));
            let why = if !word.starts_with(prefix) {
                "only the lower-case form is read"
            } else if rest.is_empty() || id == Some("") {
                "it names no check"
            } else if id.is_some_and(has_wildcard) {
                "wildcards are not read"
            } else {
                continue;
            };
            out.push(ignored(origin, word, why));
        }
    }
    if let Some(pos) = lower.find("checkov:skip") {
        let after = &t[pos + "checkov:skip".len()..];
        let spec = after.strip_prefix('=').map(str::trim_start);
        let id = spec.map(|s| {
            let end = s
                .find(|c: char| c == ':' || c.is_whitespace())
                .unwrap_or(s.len());
            &s[..end]
        });
        let word = &t[pos..t[pos..]
            .find(char::is_whitespace)
            .map_or(t.len(), |e| pos + e)];
        let why = if &t[pos..pos + "checkov:skip".len()] != "checkov:skip" {
            Some("only the lower-case form is read")
        } else if id.is_none_or(str::is_empty) {
            Some("it names no check")
        } else if id.is_some_and(has_wildcard) {
            Some("wildcards are not read")
        } else {
            None
        };
        if let Some(why) = why {
            out.push(ignored(Origin::Checkov, word, why));
        }
    }
    out
}

/// The forms pe-lint reads (see [`parse_comment`]).
fn honoured_forms(t: &str, rules: &RuleSet) -> Vec<Directive> {
    if let Some(rest) = t.strip_prefix("pe-lint:ignore") {
        if rest.is_empty() || rest.starts_with(char::is_whitespace) {
            return vec![parse_pe_lint(rest, rules)];
        }
        let mut d = Directive::new(Origin::PeLint);
        d.well_formed = false;
        d.warn(
            format!("cannot read the suppression `{t}`"),
            Some("write `pe-lint:ignore PE003 reason=\"...\"`".to_string()),
        );
        return vec![d];
    }
    migration_forms(t).unwrap_or_else(|| checkov_form(t).into_iter().collect())
}

/// `tfsec:ignore:<id>[:exp:YYYY-MM-DD]` and `trivy:ignore:<id>[:exp:...]`, any number, with
/// the rest of the comment as their reason; None when there is none.
fn migration_forms(t: &str) -> Option<Vec<Directive>> {
    let mut out = Vec::new();
    let mut found = false;
    for (origin, prefix) in [
        (Origin::Tfsec, "tfsec:ignore:"),
        (Origin::Trivy, "trivy:ignore:"),
    ] {
        for word in t.split_whitespace() {
            let Some(spec) = word.trim_start_matches('#').strip_prefix(prefix) else {
                continue;
            };
            found = true;
            out.extend(migration_form(origin, spec));
        }
    }
    if !found {
        return None;
    }
    let rest = t
        .split_whitespace()
        .filter(|word| {
            let w = word.trim_start_matches('#');
            !(w.starts_with("tfsec:ignore:") || w.starts_with("trivy:ignore:"))
        })
        .collect::<Vec<&str>>()
        .join(" ");
    let reason = match key_values(&rest) {
        Ok(kv) => kv.into_iter().find(|(k, _)| k == "reason").map(|(_, v)| v),
        Err(_) => Some(
            rest.trim_start_matches(|c: char| c == '-' || c == ':' || c.is_whitespace())
                .to_string(),
        ),
    };
    for d in &mut out {
        d.reason = reason.clone().filter(|r| !r.trim().is_empty());
    }
    Some(out)
}

/// One tfsec/trivy ignore, `spec` being what follows `ignore:`; None for a check of the other
/// tool that no pe-lint rule maps to.
fn migration_form(origin: Origin, spec: &str) -> Option<Directive> {
    let (id, exp) = match spec.split_once(":exp:") {
        Some((id, exp)) => (id, Some(exp)),
        None => (spec, None),
    };
    let rules = peer_rules(origin, id);
    if rules.is_empty() {
        return None;
    }
    let mut d = Directive::new(origin);
    d.rules = rules;
    if let Some(e) = exp {
        if valid_date(e) {
            d.until = Some(e.to_string());
        } else {
            d.well_formed = false;
            d.warn(format!("`:exp:{e}` is not a date (YYYY-MM-DD)"), None);
        }
    }
    Some(d)
}

/// `checkov:skip=<ID>[:<reason>]`.
fn checkov_form(t: &str) -> Option<Directive> {
    let pos = t.find("checkov:skip=")?;
    let spec = t[pos + "checkov:skip=".len()..].trim_start();
    let (id, reason) = match spec.split_once(':') {
        Some((id, r)) => (id.trim(), Some(r.trim().to_string())),
        None => (spec.split_whitespace().next().unwrap_or(""), None),
    };
    let rules = peer_rules(Origin::Checkov, id);
    if rules.is_empty() {
        return None;
    }
    let mut d = Directive::new(Origin::Checkov);
    d.rules = rules;
    d.reason = reason.filter(|r| !r.is_empty());
    Some(d)
}

/// What follows `pe-lint:ignore`: rule ids, then `reason=` and `until=`.
fn parse_pe_lint(rest: &str, rules: &RuleSet) -> Directive {
    let rest = rest.trim_start();
    let mut id_words = rest
        .split(|c: char| c == ',' || c.is_whitespace())
        .take_while(|w| !w.contains('='));
    if let Some(w) = id_words.find(|w| has_wildcard(w)) {
        return ignored(Origin::PeLint, w, "wildcards in rule ids are not read");
    }
    let mut d = Directive::new(Origin::PeLint);
    let (ids, ids_end) = rule_ids(rest);
    if ids.is_empty() {
        d.well_formed = false;
        d.problems.push((
            Severity::Error,
            "blanket-suppression",
            "a `pe-lint:ignore` without rule ids is refused: name the rules it silences"
                .to_string(),
            Some("write `pe-lint:ignore PE003 reason=\"...\"`".to_string()),
        ));
        return d;
    }
    let known: Vec<&str> = rules.iter().map(|m| m.id.as_str()).collect();
    for id in ids {
        match rules.find(id) {
            Some(m) if d.rules.contains(&m.id) => {}
            Some(m) => d.rules.push(m.id.clone()),
            None => {
                let help = crate::config::did_you_mean(id, &known)
                    .map(|s| format!("did you mean `{s}`?"))
                    .unwrap_or_else(|| format!("known rules: {}", known.join(", ")));
                d.warn(
                    format!("unknown rule `{id}` in a suppression; it silences nothing"),
                    Some(help),
                );
            }
        }
    }
    read_keys(&mut d, &rest[ids_end..]);
    if d.well_formed && !d.has_reason() && !d.rules.is_empty() {
        d.warn(
            "suppression without a reason does not apply".to_string(),
            Some(
                "add reason=\"why this is acceptable\"; every exception needs a recorded reason"
                    .into(),
            ),
        );
    }
    d
}

/// The rule ids at the start of `rest` (a comma-separated list before the first key=value),
/// and the offset after the last of them.
fn rule_ids(rest: &str) -> (Vec<&str>, usize) {
    let mut ids_end = 0;
    let mut expect_id = true;
    let b = rest.as_bytes();
    let mut i = 0;
    let mut ids: Vec<&str> = Vec::new();
    while i < b.len() {
        let c = b[i];
        if c.is_ascii_whitespace() {
            i += 1;
            continue;
        }
        if c == b',' {
            expect_id = true;
            i += 1;
            ids_end = i;
            continue;
        }
        let w0 = i;
        while i < b.len() && (b[i].is_ascii_alphanumeric() || b[i] == b'_' || b[i] == b'-') {
            i += 1;
        }
        if i == w0 || b.get(i) == Some(&b'=') || !expect_id {
            break;
        }
        ids.push(&rest[w0..i]);
        ids_end = i;
        expect_id = false;
    }
    (ids, ids_end)
}

/// The `reason=` and `until=` of a pe-lint directive.
fn read_keys(d: &mut Directive, text: &str) {
    let kv = match key_values(text) {
        Ok(kv) => kv,
        Err(word) => {
            d.well_formed = false;
            d.warn(
                format!("cannot read `{word}` in a suppression; it does not apply"),
                Some("write `pe-lint:ignore PE003,PE006 reason=\"...\" until=2026-12-31`".into()),
            );
            return;
        }
    };
    for (k, v) in kv {
        match k.as_str() {
            "reason" => d.reason = Some(v),
            "until" if valid_date(&v) => d.until = Some(v),
            "until" => {
                d.well_formed = false;
                d.warn(
                    format!("until={v} is not a date; the suppression does not apply"),
                    Some("write the date as YYYY-MM-DD, e.g. until=2026-12-31".into()),
                );
            }
            other => {
                let help = crate::config::did_you_mean(other, &["reason", "until"])
                    .map(|s| format!("did you mean `{s}`?"))
                    .unwrap_or_else(|| "known keys: reason, until".to_string());
                d.warn(
                    format!("unknown key `{other}` in a suppression"),
                    Some(help),
                );
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Scopes

/// A directive placed in a file, with the source span it covers.
#[derive(Clone, Debug)]
struct Placed {
    directive: Directive,
    /// Where the comment is.
    loc: Loc,
    /// The block or attribute it covers (None: attached to nothing).
    scope: Option<Span>,
}

fn start_of(n: &Item) -> u32 {
    n.header
        .map(|h| h.start.min(n.span.start))
        .unwrap_or(n.span.start)
}

fn contains(outer: Span, inner: Span) -> bool {
    outer.start <= inner.start && inner.end <= outer.end
}

/// The directives of one HCL file, with their scopes, from the comments and outline its parse
/// kept ([`crate::source::Layout`]).
fn hcl_directives(
    f: &SourceFile,
    file: FileId,
    diags: &mut Vec<Diagnostic>,
    rules: &RuleSet,
) -> Vec<Placed> {
    let Some(layout) = &f.layout else {
        return Vec::new(); // not parsed: the parse error is reported already
    };
    let mut out = Vec::new();
    for c in &layout.comments {
        let ds = parse_comment_in(c.body(&f.text), rules);
        if ds.is_empty() {
            continue;
        }
        let loc = Loc {
            file: Some(file),
            span: c.span,
        };
        let origin = ds[0].origin;
        let scope = scope_of(f, layout, c, origin);
        if scope.is_none() && ds.iter().any(|d| d.well_formed) {
            diags.push(
                Diagnostic::warning(
                    "invalid-suppression",
                    format!(
                        "this `{}` comment is not on the line before a block or attribute, nor at the end of an attribute's line; it silences nothing",
                        origin.form()
                    ),
                )
                .at_loc(loc),
            );
        }
        out.extend(ds.into_iter().map(|directive| Placed {
            directive,
            loc,
            scope,
        }));
    }
    out
}

/// The block or attribute a suppression comment covers.
fn scope_of(f: &SourceFile, layout: &Layout, c: &Comment, origin: Origin) -> Option<Span> {
    let items = &layout.items;
    // checkov: a skip comment inside a top-level block covers that block.
    let enclosing_top = items
        .iter()
        .filter(|n| n.depth == 0 && n.header.is_some() && contains(n.span, c.span))
        .min_by_key(|n| n.span.len())
        .map(|n| n.span);
    if origin == Origin::Checkov && enclosing_top.is_some() {
        return enclosing_top;
    }
    let innermost_attr = || {
        items
            .iter()
            .filter(|n| n.header.is_none() && contains(n.span, c.span))
            .min_by_key(|n| n.span.len())
            .map(|n| n.span)
    };
    if c.trailing {
        return trailing_scope(f, items, c).or_else(innermost_attr);
    }
    // The next code after this comment and the comments right after it.
    let next = next_code(&f.text, c.span.end as usize, &layout.comments);
    items
        .iter()
        .filter(|n| start_of(n) as usize == next)
        .min_by_key(|n| n.depth)
        .map(|n| n.span)
        .or_else(innermost_attr)
}

/// At the end of a line of code: the attribute that ends on the line, else the block whose
/// header is on it, else the block that closes on it.
fn trailing_scope(f: &SourceFile, items: &[Item], c: &Comment) -> Option<Span> {
    let line = |off: u32| f.position(off).line;
    let cline = line(c.span.start);
    let innermost = |keep: &dyn Fn(&Item) -> bool| {
        items
            .iter()
            .filter(|n| keep(n))
            .min_by_key(|n| n.span.len())
            .map(|n| n.span)
    };
    innermost(&|n| {
        n.header.is_none() && line(n.span.end.saturating_sub(1).max(n.span.start)) == cline
    })
    .or_else(|| innermost(&|n| n.header.is_some_and(|h| line(h.start) == cline)))
    .or_else(|| innermost(&|n| n.header.is_some() && line(n.span.end.saturating_sub(1)) == cline))
}

/// The offset of the first code after `from`, skipping whitespace and comments.
fn next_code(text: &str, from: usize, comments: &[Comment]) -> usize {
    let b = text.as_bytes();
    let mut i = from;
    loop {
        while i < b.len() && b[i].is_ascii_whitespace() {
            i += 1;
        }
        match comments.iter().find(|c| c.span.start as usize == i) {
            Some(c) => i = c.span.end as usize,
            None => return i,
        }
    }
}

/// The directives in a `.tf.json` file: `"//"` keys inside resource and data blocks.
fn json_directives(
    f: &SourceFile,
    file: FileId,
    diags: &mut Vec<Diagnostic>,
    rules: &RuleSet,
) -> Vec<Placed> {
    let Ok(root) = json::parse(&f.text) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let mut path: Vec<String> = Vec::new();
    walk_json(&root, &mut path, file, &mut out, diags, rules);
    out
}

fn walk_json(
    node: &JNode,
    path: &mut Vec<String>,
    file: FileId,
    out: &mut Vec<Placed>,
    diags: &mut Vec<Diagnostic>,
    rules: &RuleSet,
) {
    match &node.kind {
        JKind::Object(members) => {
            for m in members {
                if m.key == "//" {
                    let texts: Vec<(&str, Span)> = match &m.value.kind {
                        JKind::String(s) => vec![(s.as_str(), m.value.span)],
                        JKind::Array(items) => items
                            .iter()
                            .filter_map(|x| match &x.kind {
                                JKind::String(s) => Some((s.as_str(), x.span)),
                                _ => None,
                            })
                            .collect(),
                        _ => vec![],
                    };
                    for (text, span) in texts {
                        let ds = parse_comment_in(text, rules);
                        if ds.is_empty() {
                            continue;
                        }
                        let loc = Loc {
                            file: Some(file),
                            span,
                        };
                        let in_block =
                            path.len() >= 3 && matches!(path[0].as_str(), "resource" | "data");
                        if !in_block && ds.iter().any(|d| d.well_formed) {
                            diags.push(
                                Diagnostic::warning(
                                    "invalid-suppression",
                                    "a suppression in a `\"//\"` key must be inside a resource or data block; it silences nothing",
                                )
                                .at_loc(loc),
                            );
                        }
                        for d in ds {
                            out.push(Placed {
                                directive: d,
                                loc,
                                scope: in_block.then_some(node.span),
                            });
                        }
                    }
                } else {
                    path.push(m.key.clone());
                    walk_json(&m.value, path, file, out, diags, rules);
                    path.pop();
                }
            }
        }
        JKind::Array(items) => {
            for x in items {
                walk_json(x, path, file, out, diags, rules);
            }
        }
        _ => {}
    }
}

/// Apply the inline suppressions of every scanned `.tf`/`.tf.json` file to the verdicts.
/// `today` is `YYYY-MM-DD`. Returns diagnostics: refused, malformed, reason-less and unused
/// suppressions.
pub fn apply(
    verdicts: &mut [Verdict],
    model: &Model,
    sources: &Sources,
    settings: &Settings,
    rules: &RuleSet,
    today: &str,
) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
    let placed = placed_directives(sources, rules, &mut diags);
    if placed.is_empty() {
        return diags;
    }
    let index = Index::new(model, &placed);
    let mut uses = Uses::default();
    for v in verdicts.iter_mut() {
        if matches!(v.status, Status::Fail | Status::Unresolved) {
            suppress_one(v, &placed, &index, (settings, today), &mut uses, &mut diags);
        }
    }
    diags.extend(unused(&placed, settings, &uses.used));
    diags
}

/// Every directive of the scanned files, with the problems of each as diagnostics.
fn placed_directives(
    sources: &Sources,
    rules: &RuleSet,
    diags: &mut Vec<Diagnostic>,
) -> Vec<Placed> {
    let mut placed: Vec<Placed> = Vec::new();
    for (id, f) in sources.iter() {
        let name = f.path.to_string_lossy();
        if !may_have_directives(&f.text) {
            continue;
        }
        if name.ends_with(".tf.json") {
            placed.extend(json_directives(f, id, diags, rules));
        } else if name.ends_with(".tf") {
            placed.extend(hcl_directives(f, id, diags, rules));
        }
    }
    for p in &placed {
        for (sev, code, msg, help) in &p.directive.problems {
            let mut d = Diagnostic::new(*sev, code, msg.clone()).at_loc(p.loc);
            d.help = help.clone();
            diags.push(d);
        }
    }
    placed
}

/// Where each instance is declared, and the directives of each file: a verdict looks only at
/// the directives of its own file and of the file that declares its resource.
struct Index<'a> {
    where_declared: HashMap<(&'a str, &'a str), (FileId, Span)>,
    by_file: HashMap<FileId, Vec<usize>>,
}

impl<'a> Index<'a> {
    fn new(model: &'a Model, placed: &[Placed]) -> Index<'a> {
        let mut where_declared = HashMap::new();
        for r in &model.roots {
            for i in &r.instances {
                where_declared.insert((r.display.as_str(), i.address.as_str()), (i.file, i.span));
            }
        }
        let mut by_file: HashMap<FileId, Vec<usize>> = HashMap::new();
        for (pi, p) in placed.iter().enumerate() {
            if let Some(f) = p.loc.file {
                by_file.entry(f).or_default().push(pi);
            }
        }
        Index {
            where_declared,
            by_file,
        }
    }

    fn declared(&self, v: &Verdict) -> Option<(FileId, Span)> {
        // Shorten the keys' lifetime to the verdict's for the lookup.
        let map: &HashMap<(&str, &str), (FileId, Span)> = &self.where_declared;
        map.get(&(v.root.as_str(), v.address.as_str())).copied()
    }

    /// Indices of the directives that may cover `v`, in source order.
    fn candidates(&self, v: &Verdict) -> Vec<usize> {
        let declared = self.declared(v).map(|(f, _)| f);
        let mut out: Vec<usize> = [v.loc.file, declared]
            .into_iter()
            .flatten()
            .filter_map(|f| self.by_file.get(&f))
            .flatten()
            .copied()
            .collect();
        out.sort_unstable();
        out.dedup();
        out
    }

    /// The directive's scope holds the verdict's location or its resource's declaration.
    fn covers(&self, p: &Placed, v: &Verdict) -> bool {
        let Some(scope) = p.scope else { return false };
        let file = p.loc.file;
        if v.loc.file == file && contains(scope, v.loc.span) {
            return true;
        }
        self.declared(v)
            .is_some_and(|(f, span)| Some(f) == file && contains(scope, span))
    }
}

/// What the directives did across the verdicts.
#[derive(Default)]
struct Uses {
    /// (directive index, rule) pairs that silenced or matched something.
    used: BTreeSet<(usize, String)>,
    /// Directives already warned about for lacking a reason.
    warned_reason: BTreeSet<usize>,
}

/// Suppress one failing or unresolved verdict with the first directive that covers it and
/// takes effect; an expired one only notes its expiry in the message.
fn suppress_one(
    v: &mut Verdict,
    placed: &[Placed],
    index: &Index<'_>,
    (settings, today): (&Settings, &str),
    uses: &mut Uses,
    diags: &mut Vec<Diagnostic>,
) {
    let mut expired: Option<(String, String)> = None;
    for pi in index.candidates(v) {
        let p = &placed[pi];
        let d = &p.directive;
        if !d.well_formed || !d.rules.iter().any(|r| *r == v.rule_id) || !index.covers(p, v) {
            continue;
        }
        uses.used.insert((pi, v.rule_id.to_string()));
        if !d.has_reason() {
            let takes_effect =
                !settings.strict && matches!(d.origin, Origin::Tfsec | Origin::Trivy);
            if d.origin != Origin::PeLint && uses.warned_reason.insert(pi) {
                diags.push(no_reason(d.origin, &v.rule_id, takes_effect).at_loc(p.loc));
            }
            if !takes_effect {
                continue;
            }
        }
        let reason = d.reason.clone().unwrap_or_default();
        if let Some(until) = &d.until {
            if until.as_str() < today {
                expired.get_or_insert((until.clone(), reason));
                continue;
            }
        }
        v.suppression = Some(Suppression {
            kind: KIND_IN_SOURCE,
            reason,
            until: d.until.clone(),
            loc: Some(p.loc),
            original: v.status,
        });
        v.status = Status::Suppressed;
        return;
    }
    if let Some((until, reason)) = expired {
        v.message = format!(
            "{} (suppression expired on {until}: \"{reason}\")",
            v.message
        );
    }
}

/// A warning for each rule of a pe-lint directive that silenced nothing.
fn unused(
    placed: &[Placed],
    settings: &Settings,
    used: &BTreeSet<(usize, String)>,
) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
    for (pi, p) in placed.iter().enumerate() {
        let d = &p.directive;
        if d.origin != Origin::PeLint || !d.well_formed || !d.has_reason() || p.scope.is_none() {
            continue;
        }
        for r in &d.rules {
            if settings.rule_enabled(r) && !used.contains(&(pi, r.clone())) {
                diags.push(
                    Diagnostic::warning(
                        "unused-suppression",
                        format!("unused suppression: no {r} finding here to silence"),
                    )
                    .at_loc(p.loc)
                    .with_help("remove the rule id from the comment, or the comment"),
                );
            }
        }
    }
    diags
}

#[cfg(test)]
mod tests {
    use super::*;

    /// (body, line, trailing) of each comment the parse keeps.
    fn comments(text: &str) -> Vec<(String, usize, bool)> {
        let Ok((_, found)) = crate::parse::parse_hcl_with_comments(text) else {
            return Vec::new();
        };
        found
            .iter()
            .map(|c| {
                let at = &text[c.span.start as usize..c.span.end as usize];
                assert!(at.starts_with(['#', '/']), "{at:?}");
                let line = text[..c.span.start as usize].matches('\n').count() + 1;
                (c.body(text).trim().to_string(), line, c.trailing)
            })
            .collect()
    }

    #[test]
    fn comments_skip_strings_and_heredocs() {
        let text = "a = \"# not\" # yes1\nb = <<EOT\n# not\nEOT\n// yes2\nc = \"${x[\"#\"]}\" /* yes3 */\nd = \"$${#}\" # yes4\n";
        let c = comments(text);
        let bodies: Vec<&str> = c.iter().map(|c| c.0.as_str()).collect();
        assert_eq!(bodies, ["yes1", "yes2", "yes3", "yes4"]);
        assert!(c[0].2 && !c[1].2 && c[2].2);
    }

    /// Every place a comment can sit in a file (as the hand-written lexer found them before
    /// the comments came from the parse).
    #[test]
    fn comments_everywhere_are_found() {
        let text = r##"# top
resource "aws_s3_bucket" /* label */ "b" { # after brace
  tags = { # in object
    Owner = "x" # after value
    # before key
    Env = "y"
  }
  list = [
    "a", # after element
    # between elements
    "b"
  ]
  call = merge( # in call
    var.x, /* arg */
  )
  name /* key */ = /* value */ "n"
  s = "${var.x /* interp */}"
  h = <<EOT
# not a comment
EOT
  q = "# not either"
  i = var.a /* op */ + /* rhs */ var.b
  t = var.m /* tr1 */ .x /* tr2 */ [0]
  j = var.c ? /* then */ 1 : 2
  k = [for x in var.l : x /* for */]
  // before close
}
// at end
"##;
        let found = comments(text);
        let want = [
            ("top", 1, false),
            ("label", 2, true),
            ("after brace", 2, true),
            ("in object", 3, true),
            ("after value", 4, true),
            ("before key", 5, false),
            ("after element", 9, true),
            ("between elements", 10, false),
            ("in call", 13, true),
            ("arg", 14, true),
            ("key", 16, true),
            ("value", 16, true),
            ("interp", 17, true),
            ("op", 22, true),
            ("rhs", 22, true),
            ("tr1", 23, true),
            ("tr2", 23, true),
            ("then", 24, true),
            ("for", 25, true),
            ("before close", 26, false),
            ("at end", 28, false),
        ];
        let want: Vec<(String, usize, bool)> = want
            .iter()
            .map(|(b, l, t)| (b.to_string(), *l, *t))
            .collect();
        assert_eq!(found, want);
        // CRLF line ends are not part of a comment.
        assert_eq!(
            comments("a = 1 # x\r\n# y\r\n")[1],
            ("y".to_string(), 2, false)
        );
        let crlf = crate::parse::parse_hcl_with_comments("a = 1 # x\r\n")
            .unwrap()
            .1;
        assert_eq!(crlf[0].span, Span::new(6, 9));
    }

    #[test]
    fn hostile_comments_do_not_panic() {
        for text in [
            "/* pe-lint:ignore é",
            "/*é",
            "a = \"\\é\" # é\n",
            "x = <<",
            "x = <<EOT",
            "x = \"${",
            "# pe-lint:ignore PE001 reason=\"é",
            "# pe-lint:ignore é PE001",
            "#tfsec:ignore:é:exp:é",
            "# checkov:skip=é",
            "\u{feff}# é\n",
        ] {
            for c in comments(text) {
                let _ = parse_comment(&c.0);
            }
        }
        assert_eq!(comments("/* a */")[0].0, "a");
        let open = Comment {
            span: Span::new(0, 6),
            trailing: false,
        };
        assert_eq!(open.body("/* a *"), " a *");
    }

    #[test]
    fn parses_our_form() {
        let d = &parse_comment(
            " pe-lint:ignore PE003, pe006 reason=\"drained \\\"by hand\\\"\" until=2026-12-31",
        )[0];
        assert_eq!(d.rules, ["PE003", "PE006"]);
        assert_eq!(d.reason.as_deref(), Some("drained \"by hand\""));
        assert_eq!(d.until.as_deref(), Some("2026-12-31"));
        assert!(d.problems.is_empty(), "{:?}", d.problems);
        let bare = &parse_comment(" pe-lint:ignore")[0];
        assert_eq!(bare.problems[0].1, "blanket-suppression");
        let bare = &parse_comment("pe-lint:ignore reason=\"x\"")[0];
        assert_eq!(bare.problems[0].1, "blanket-suppression");
        let no_reason = &parse_comment("pe-lint:ignore PE001")[0];
        assert!(!no_reason.has_reason() && !no_reason.problems.is_empty());
        let bad_date = &parse_comment("pe-lint:ignore PE001 reason=x until=2026-02-30")[0];
        assert!(!bad_date.well_formed);
        assert!(parse_comment("see pe-lint:ignore docs").is_empty());
    }

    #[test]
    fn parses_migration_forms() {
        let d =
            parse_comment("tfsec:ignore:aws-kms-auto-rotate-keys:exp:2030-01-01 rotated by hand");
        assert_eq!(d[0].rules, ["PE001"]);
        assert_eq!(d[0].until.as_deref(), Some("2030-01-01"));
        assert_eq!(d[0].reason.as_deref(), Some("rotated by hand"));
        let d = parse_comment(
            "trivy:ignore:AVD-AWS-0065 trivy:ignore:aws-iam-no-policy-wildcards reason=\"legacy\"",
        );
        assert_eq!(d.len(), 2);
        assert_eq!(d[1].rules, ["PE008"]);
        assert_eq!(d[1].reason.as_deref(), Some("legacy"));
        let d = parse_comment("checkov:skip=CKV_AWS_115: batch job, no concurrency cap");
        assert_eq!(d[0].rules, ["PE004"]);
        assert_eq!(
            d[0].reason.as_deref(),
            Some("batch job, no concurrency cap")
        );
        // CKV_AWS_117 wants the opposite of PE007 and is not mapped.
        assert!(parse_comment("checkov:skip=CKV_AWS_117:x").is_empty());
        assert!(parse_comment("tfsec:ignore:aws-s3-enable-versioning").is_empty());
    }

    #[test]
    fn idless_wildcard_and_case_forms_never_apply() {
        for text in [
            "tfsec:ignore",
            "tfsec:ignore:",
            "tfsec:ignore:*",
            "tfsec:ignore:aws-* reason",
            "trivy:ignore:*:exp:2999-01-01",
            "checkov:skip=*:x",
            "checkov:skip=CKV_AWS_*:x",
            "checkov:skip= :x",
            "pe-lint:ignore * reason=x",
            "pe-lint:ignore PE001,PE00? reason=x",
            "PE-LINT:IGNORE PE001 reason=x",
            "Tfsec:ignore:aws-kms-auto-rotate-keys x",
            "CHECKOV:skip=CKV_AWS_7:x",
        ] {
            let ds = parse_comment(text);
            assert!(!ds.is_empty(), "{text}: silent");
            assert!(ds.iter().all(|d| !d.well_formed), "{text}: {ds:?}");
            assert!(
                ds.iter()
                    .flat_map(|d| &d.problems)
                    .any(|p| p.1 == "ignored-suppression"),
                "{text}: {ds:?}"
            );
        }
        // A mention in prose is not a form.
        assert!(parse_comment("see the tfsec:ignores docs").is_empty());
    }

    #[test]
    fn mentions_are_found_in_any_case() {
        assert!(may_have_directives("x # PE-LINT:IGNORE PE001"));
        assert!(may_have_directives("#tfsec:ignore"));
        assert!(may_have_directives("# Checkov:Skip=CKV_AWS_7"));
        assert!(!may_have_directives("a: b\nc:d"));
        assert!(!may_have_directives(":ignore"));
    }

    #[test]
    fn reasons_are_one_bounded_line() {
        assert_eq!(
            clean_reason("a\n::error::x\r\x1b[2J\u{202e}b"),
            "a ::error::x  [2J b"
        );
        let long = clean_reason(&"é".repeat(MAX_REASON_CHARS + 10));
        assert_eq!(long.chars().count(), MAX_REASON_CHARS + 3);
        assert_eq!(reason_shown("  "), "no reason given");
    }

    #[test]
    fn dates() {
        assert!(valid_date("2024-02-29"));
        assert!(!valid_date("2023-02-29"));
        assert!(!valid_date("2024-13-01"));
        assert!(!valid_date("24-01-01"));
    }
}

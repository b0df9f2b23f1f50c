//! Human output: one miette diagnostic per finding with the source snippet and a label on the
//! exact span, then a summary line.

use std::fmt;

use miette::{
    Diagnostic as MietteDiagnostic, GraphicalReportHandler, GraphicalTheme, LabeledSpan,
    NamedSource, SourceSpan,
};

use super::{escape, FindingLevel, Report, RootsIndex};
use crate::diag::{Diagnostic, Severity};
use crate::rules::{Status, Verdict};
use crate::source::Loc;

struct Shown {
    /// `None` under a rule's header, which names the rule once for its findings.
    code: Option<String>,
    message: String,
    help: Option<String>,
    url: Option<String>,
    severity: miette::Severity,
    source: Option<NamedSource<Snippet>>,
    span: Option<(SourceSpan, String)>,
    /// Places that explain the finding (where a module's caller sets the value), each shown
    /// with its own snippet and label below the finding.
    related: Vec<Shown>,
}

impl fmt::Debug for Shown {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}
impl fmt::Display for Shown {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}
impl std::error::Error for Shown {}

impl MietteDiagnostic for Shown {
    fn code<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.code
            .as_ref()
            .map(|c| Box::new(c) as Box<dyn fmt::Display>)
    }
    fn severity(&self) -> Option<miette::Severity> {
        Some(self.severity)
    }
    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.help
            .as_ref()
            .map(|h| Box::new(h) as Box<dyn fmt::Display>)
    }
    fn url<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.url
            .as_ref()
            .map(|u| Box::new(u) as Box<dyn fmt::Display>)
    }
    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        self.source.as_ref().map(|s| s as &dyn miette::SourceCode)
    }
    fn related<'a>(&'a self) -> Option<Box<dyn Iterator<Item = &'a dyn MietteDiagnostic> + 'a>> {
        if self.related.is_empty() {
            return None;
        }
        Some(Box::new(
            self.related.iter().map(|d| d as &dyn MietteDiagnostic),
        ))
    }
    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        self.span.as_ref().map(|(s, label)| {
            Box::new(std::iter::once(LabeledSpan::new_with_span(
                Some(label.clone()),
                *s,
            ))) as Box<dyn Iterator<Item = LabeledSpan>>
        })
    }
}

fn source_of(
    r: &Report<'_>,
    loc: &Option<Loc>,
) -> (Option<NamedSource<Snippet>>, Option<SourceSpan>) {
    let Some(loc) = loc else { return (None, None) };
    let Some(fid) = loc.file else {
        return (None, None);
    };
    let f = r.sources.get(fid);
    if f.text.is_empty() {
        return (None, None);
    }
    // Label the first line of the span: a whole block would drown the snippet. Spans are
    // widened to whole characters (an error offset may fall inside a multi-byte one).
    let text: &str = &f.text;
    let floor = |mut i: usize| {
        i = i.min(text.len());
        while !text.is_char_boundary(i) {
            i -= 1;
        }
        i
    };
    let ceil = |mut i: usize| {
        i = i.min(text.len());
        while !text.is_char_boundary(i) {
            i += 1;
        }
        i
    };
    let start = floor(loc.span.start as usize);
    let end = ceil(loc.span.end as usize).max(start);
    let line_end = text[start..end]
        .find('\n')
        .map(|i| start + i)
        .unwrap_or(end);
    let len = if line_end > start {
        line_end - start
    } else {
        // An empty span: label the character there, if any.
        text[start..]
            .chars()
            .next()
            .map_or(0, char::len_utf8)
            .max(1)
    }
    .min(text.len().saturating_sub(start));
    let snippet = Snippet::new(f, start);
    let from = snippet.escaped(start - snippet.start);
    let to = snippet.escaped(start + len - snippet.start);
    (
        Some(
            NamedSource::new(escape::line(&r.repo_path(&f.display)), snippet).with_language("hcl"),
        ),
        Some(SourceSpan::new(from.into(), to - from)),
    )
}

/// The source around one span: miette finds lines by scanning from the start of the text, so
/// handing it a whole file makes every snippet cost the file's size (minutes for a file with
/// tens of thousands of findings). This gives it a few lines around the span instead, with
/// the right line numbers, escaped for the terminal: spans miette sees are offsets into the
/// escaped window.
#[derive(Debug)]
struct Snippet {
    text: String,
    /// Byte offset of the window in the file, and the 0-based line it starts on.
    start: usize,
    first_line: usize,
    /// (offset in the window, offset in `text`) just after each escaped character, ascending:
    /// empty for ordinary text.
    moved: Vec<(usize, usize)>,
}

impl Snippet {
    const CONTEXT: usize = 8;

    fn new(f: &crate::source::SourceFile, at: usize) -> Snippet {
        let text = &f.text;
        let b = text.as_bytes();
        let mut start = at.min(b.len());
        for _ in 0..=Self::CONTEXT {
            match b[..start].iter().rposition(|&c| c == b'\n') {
                Some(i) if start > 0 => start = i,
                _ => {
                    start = 0;
                    break;
                }
            }
        }
        if start > 0 {
            start += 1;
        }
        let mut end = at.min(b.len());
        for _ in 0..=Self::CONTEXT * 4 {
            match b[end..].iter().position(|&c| c == b'\n') {
                Some(i) => end += i + 1,
                None => {
                    end = b.len();
                    break;
                }
            }
        }
        while !text.is_char_boundary(start) {
            start -= 1;
        }
        while !text.is_char_boundary(end) {
            end += 1;
        }
        let first_line = f.position(start as u32).line - 1;
        let mut moved = Vec::new();
        let escaped = escape::block_mapped(&text[start..end], |a, b| moved.push((a, b)));
        Snippet {
            text: escaped.into_owned(),
            start,
            first_line,
            moved,
        }
    }

    /// The offset in the escaped text of an offset in the window.
    fn escaped(&self, at: usize) -> usize {
        match self.moved.partition_point(|&(a, _)| a <= at) {
            0 => at,
            n => self.moved[n - 1].1 + (at - self.moved[n - 1].0),
        }
    }

    /// The offset in the window of an offset in the escaped text (not inside an escape).
    fn original(&self, at: usize) -> usize {
        match self.moved.partition_point(|&(_, b)| b <= at) {
            0 => at,
            n => self.moved[n - 1].0 + (at - self.moved[n - 1].1),
        }
    }
}

impl miette::SourceCode for Snippet {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        before: usize,
        after: usize,
    ) -> Result<Box<dyn miette::SpanContents<'a> + 'a>, miette::MietteError> {
        let inner = self.text.as_bytes().read_span(span, before, after)?;
        // The column the header shows counts the file's bytes, not the escapes.
        let offset = span.offset().min(self.text.len());
        let line_start = offset.saturating_sub(inner.column());
        let column = self.original(offset) - self.original(line_start);
        let data: &'a [u8] = inner.data();
        Ok(Box::new(miette::MietteSpanContents::new(
            data,
            *inner.span(),
            inner.line() + self.first_line,
            column,
            inner.line_count(),
        )))
    }
}

fn handler(color: bool) -> GraphicalReportHandler {
    let theme = if color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    GraphicalReportHandler::new_themed(theme)
        .with_width(width())
        .with_links(false)
}

/// The terminal's width from `COLUMNS` (narrow terminals included), else 100.
fn width() -> usize {
    std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.trim().parse::<usize>().ok())
        .filter(|w| *w > 0)
        .map_or(100, |w| w.clamp(40, 400))
}

/// Where a rule's documentation is for the user: its web page when the policy file names one,
/// else `pe-lint --explain ID` (a repository path such as `docs/rules/PE005.md` is not on the
/// user's disk).
fn doc_link(m: &crate::rules::RuleMeta) -> String {
    let url = m.doc_url.trim();
    if url.starts_with("https://") || url.starts_with("http://") {
        url.to_string()
    } else {
        format!("pe-lint --explain {}", m.id)
    }
}

fn render_one(out: &mut String, h: &GraphicalReportHandler, d: &Shown) {
    let _ = h.render_report(out, d);
    out.push('\n');
}

/// The word in front of a finding: a failing finding below the level that fails the run says
/// so (`[warning]`, `[info]`).
fn status_word(r: &Report<'_>, v: &Verdict) -> &'static str {
    match (v.status, r.level(v)) {
        (Status::Fail, FindingLevel::Warning) => "warning",
        (Status::Fail, FindingLevel::Note) => "info",
        (status, _) => status.as_str(),
    }
}

pub fn finding(r: &Report<'_>, v: &Verdict) -> impl MietteDiagnostic {
    finding_shown(r, v)
}

fn finding_shown(r: &Report<'_>, v: &Verdict) -> Shown {
    let m = r.rules.lookup(&v.rule_id);
    let name = m.map(|m| m.name.as_str()).unwrap_or("");
    let (source, span) = source_of(r, &Some(v.loc));
    let label = match v.status {
        Status::Unresolved => "cannot be resolved statically",
        Status::Suppressed => "suppressed",
        _ => "here",
    };
    let mut message = format!("[{}] {}", status_word(r, v), v.message);
    if let Some(s) = &v.suppression {
        let reason = crate::suppress::reason_shown(&s.reason);
        message.push_str(&format!(" (suppressed: {reason})"));
    }
    if r.fixable(v).is_some() {
        message.push_str(" [fixable]");
    }
    Shown {
        code: Some(escape::line(&format!("{} {}", v.rule_id, name)).into_owned()),
        message: escape::line(&message).into_owned(),
        help: help_of(v),
        url: m.map(|m| escape::line(&doc_link(m)).into_owned()),
        severity: match r.level(v) {
            FindingLevel::Error => miette::Severity::Error,
            FindingLevel::Warning => miette::Severity::Warning,
            FindingLevel::Note => miette::Severity::Advice,
        },
        source,
        span: span.map(|s| (s, label.to_string())),
        related: related_shown(r, v),
    }
}

/// A finding's related places as secondary snippets: `set here` at the caller's line.
fn related_shown(r: &Report<'_>, v: &Verdict) -> Vec<Shown> {
    v.related
        .iter()
        .map(|rel| {
            let (source, span) = source_of(r, &Some(rel.loc));
            Shown {
                code: None,
                message: escape::line(&rel.message).into_owned(),
                help: None,
                url: None,
                severity: miette::Severity::Advice,
                source,
                span: span.map(|s| (s, "set here".to_string())),
                related: Vec::new(),
            }
        })
        .collect()
}

/// The fix, and for a finding that points at a plan file, a line saying where the block is
/// configured (`configured at module.a.aws_sqs_queue.q, called by module.a (./modules/a)`).
fn help_of(v: &Verdict) -> Option<String> {
    let mut lines = Vec::new();
    if !v.fix.is_empty() {
        lines.push(escape::line(&v.fix).into_owned());
    }
    if let Some(c) = &v.configured {
        let calls: Vec<String> = c
            .calls
            .iter()
            .map(|m| match &m.source {
                Some(s) => format!("{} ({s})", m.call),
                None => m.call.clone(),
            })
            .collect();
        let mut at = format!("configured at {}", c.block);
        if !calls.is_empty() {
            at.push_str(&format!(", called by {}", calls.join(" > ")));
        }
        lines.push(escape::line(&at).into_owned());
    }
    (!lines.is_empty()).then(|| lines.join("\n"))
}

fn diagnostic(d: &Diagnostic, r: &Report<'_>) -> Shown {
    let (source, span) = source_of(r, &d.loc);
    let mut message = d.message.clone();
    if source.is_none() {
        if let Some(pos) = d.loc.as_ref().and_then(|l| r.position(l)) {
            message = format!("{}: {message}", pos.file);
        }
    }
    Shown {
        code: Some(d.code.to_string()),
        message: escape::line(&message).into_owned(),
        help: d.help.as_deref().map(|h| escape::line(h).into_owned()),
        url: None,
        severity: match d.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
            Severity::Info => miette::Severity::Advice,
        },
        source,
        span: span.map(|s| (s, "here".to_string())),
        related: Vec::new(),
    }
}

pub fn render(r: &Report<'_>, quiet: bool) -> String {
    render_colored(r, quiet, r.color)
}

/// [`render`] with colour decided by the caller (a file never gets it).
pub fn render_colored(r: &Report<'_>, quiet: bool, color: bool) -> String {
    let h = handler(color);
    let mut out = String::new();
    for d in r.diagnostics {
        if quiet && d.severity != Severity::Error {
            continue;
        }
        if d.severity == Severity::Info && d.code == "unsupported-function" {
            continue;
        }
        render_one(&mut out, &h, &diagnostic(d, r));
    }
    let show_suppressed = r.run.show_suppressed;
    let shown: Vec<&Verdict> = r
        .findings()
        .filter(|v| !quiet || r.level(v) == FindingLevel::Error)
        .filter(|v| show_suppressed || v.status != Status::Suppressed)
        .collect();
    let mut by_rule: std::collections::BTreeMap<&str, Vec<&Verdict>> = Default::default();
    for v in shown {
        by_rule.entry(v.rule_id.as_str()).or_default().push(v);
    }
    let roots = RootsIndex::new(r);
    for (id, group) in &by_rule {
        out.push_str(&escape::line(&rule_header(r, id, group)));
        out.push_str("\n\n");
        rule_group(&mut out, &h, (r, &roots), group);
    }
    if !quiet {
        if let Some(line) = hidden_suppressed(r) {
            out.push_str(&line);
            out.push_str("\n\n");
        }
        if let Some(line) = fixable_hint(r) {
            out.push_str(&line);
            out.push_str("\n\n");
        }
        out.push_str(&summary(r));
        out.push('\n');
    }
    escape::defang_output(&out).into_owned()
}

/// `PE005 log-retention (pe-lint --explain PE005): 2 failing, 1 warning`: the rule named once
/// for its findings, with where its documentation is.
fn rule_header(r: &Report<'_>, id: &str, group: &[&Verdict]) -> String {
    let m = r.rules.lookup(id);
    let mut counts: Vec<(&'static str, usize)> = Vec::new();
    for v in group {
        let word = match status_word(r, v) {
            "fail" => "failing",
            other => other,
        };
        match counts.iter_mut().find(|(w, _)| *w == word) {
            Some((_, n)) => *n += 1,
            None => counts.push((word, 1)),
        }
    }
    let counts: Vec<String> = counts.iter().map(|(w, n)| format!("{n} {w}")).collect();
    let name = m.map_or(String::new(), |m| format!(" {}", m.name));
    let docs = m.map_or(String::new(), |m| format!(" ({})", doc_link(m)));
    format!("{id}{name}{docs}: {}", counts.join(", "))
}

/// One rule's findings under its header. Instances of one block (`count`, `for_each`) flagged
/// for the same reason share a snippet: it is printed once, the other instances on a line each
/// below it.
fn rule_group(
    out: &mut String,
    h: &GraphicalReportHandler,
    (r, roots): (&Report<'_>, &RootsIndex<'_>),
    group: &[&Verdict],
) {
    let mut i = 0;
    while i < group.len() {
        let first = group[i];
        let same = group[i + 1..]
            .iter()
            .take_while(|v| same_place(first, v))
            .count();
        let mut shown = finding_shown(r, first);
        (shown.code, shown.url) = (None, None);
        shown.message += &escape::line(&via_root(roots, first));
        let _ = h.render_report(out, &shown);
        for v in &group[i + 1..=i + same] {
            let line = format!(
                "  ↳ same place: [{}] {}{}",
                status_word(r, v),
                v.message,
                via_root(roots, v)
            );
            out.push_str(&escape::line(&line));
            out.push('\n');
        }
        out.push('\n');
        i += same + 1;
    }
}

/// ` (via root infra with envs/prod.tfvars)` when more than one evaluation reports on the
/// finding's file (the same module through several roots), else nothing.
fn via_root(roots: &RootsIndex<'_>, v: &Verdict) -> String {
    match roots.shared(v) {
        true => format!(" (via root {})", roots.of(v).label()),
        false => String::new(),
    }
}

/// The one line that stands for the suppressed and baselined findings left out of the human
/// output (`--show-suppressed` lists them).
fn hidden_suppressed(r: &Report<'_>) -> Option<String> {
    if r.run.show_suppressed {
        return None;
    }
    let kinds = r.suppressions_applied();
    let n: usize = kinds.values().sum();
    if n == 0 {
        return None;
    }
    let parts: Vec<String> = kinds
        .iter()
        .map(|(k, n)| {
            let k = match *k {
                crate::suppress::KIND_IN_SOURCE => "inline",
                crate::baseline::KIND_EXTERNAL => "baseline",
                other => other,
            };
            format!("{k}×{n}")
        })
        .collect();
    let what = match n {
        1 => "1 suppressed finding is",
        _ => "suppressed findings are",
    };
    let count = if n == 1 {
        String::new()
    } else {
        format!("{n} ")
    };
    Some(format!(
        "{count}{what} not shown ({}); `--show-suppressed` lists them",
        parts.join(", ")
    ))
}

/// Whether two findings differ only in the instance: same rule, place, status and fix.
fn same_place(a: &Verdict, b: &Verdict) -> bool {
    a.rule_id == b.rule_id
        && a.loc == b.loc
        && a.status == b.status
        && a.fix == b.fix
        && a.suppression.is_none()
        && b.suppression.is_none()
}

fn plural(n: usize, what: &str) -> String {
    match n {
        1 => format!("1 {what}"),
        n => format!("{n} {what}s"),
    }
}

/// Failing findings per rule, `PE001×2, PE005×1`, for those `keep` selects, with their count.
fn per_rule(r: &Report<'_>, keep: impl Fn(&Verdict) -> bool) -> (usize, String) {
    let mut by_rule: std::collections::BTreeMap<&str, usize> = Default::default();
    for v in r
        .verdicts
        .iter()
        .filter(|v| v.status == Status::Fail && keep(v))
    {
        *by_rule.entry(v.rule_id.as_str()).or_default() += 1;
    }
    let parts: Vec<String> = by_rule.iter().map(|(k, n)| format!("{k}×{n}")).collect();
    (
        by_rule.values().sum(),
        escape::line(&parts.join(", ")).into_owned(),
    )
}

/// `2 fixable with --fix (--diff shows the edits)`: the findings marked `[fixable]`.
fn fixable_hint(r: &Report<'_>) -> Option<String> {
    match r.fixable_count() {
        0 => None,
        n => Some(format!("{n} fixable with --fix (--diff shows the edits)")),
    }
}

pub fn summary(r: &Report<'_>) -> String {
    if r.outcome() == super::Outcome::NotChecked {
        return format!(
            "pe-lint: nothing checked: no Terraform in {}; {} read in {:.2}s",
            escape::line(&r.roots_or_paths()),
            plural(r.files, "file"),
            r.elapsed.as_secs_f64()
        );
    }
    let (failing, parts) = per_rule(r, |v| r.level(v) == FindingLevel::Error);
    let mut failures = match failing {
        0 => "no failures".to_string(),
        n => format!("{n} failing ({parts})"),
    };
    let (warnings, parts) = per_rule(r, |v| r.level(v) != FindingLevel::Error);
    if warnings > 0 {
        let s = if warnings == 1 { "" } else { "s" };
        failures.push_str(&format!(", {warnings} warning{s} ({parts})"));
    }
    let errs = match r.errors_named() {
        named if named.is_empty() => named,
        named => format!(", {}", escape::line(&named)),
    };
    let soft = match r.run.soft_fail && r.outcome() == super::Outcome::Fail {
        true => "; exit code 0 (--soft-fail)",
        false => "",
    };
    if let Some(n) = r.run.fixed {
        failures = format!("{n} fixed, {failures}");
    }
    format!(
        "pe-lint: {failures}, {} unresolved, {} suppressed, {} passed{errs}; {}, {} checked in {:.2}s{soft}",
        r.count(Status::Unresolved),
        r.count(Status::Suppressed),
        r.count(Status::Pass),
        plural(r.files, "file"),
        plural(r.resources(), "resource"),
        r.elapsed.as_secs_f64()
    )
}

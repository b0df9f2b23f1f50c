//! The Markdown evidence report an auditor reads (`docs/evidence/.../report.md`): scan metadata,
//! one section per requirement with its status and the failing, unresolved and suppressed
//! resources, then inventory tables of the resources the evidence checklist asks about.
//! Written for GitHub's Markdown renderer; every table cell is escaped.

use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::{Outcome, Report, RuleStatus};
use crate::diag::Severity;
use crate::rules::evidence::{self, show, Piece};
use crate::rules::{Status, Verdict};
use crate::terraform::{Instance, Mode, Value};

pub fn render(r: &Report<'_>) -> String {
    let mut out = String::new();
    let statuses = statuses(r.verdicts);
    header(&mut out, r);
    summary_table(&mut out, r);
    requirements(&mut out, r);
    diagnostics(&mut out, r);
    not_checked(&mut out, r);
    inventory(&mut out, r, &statuses);
    out
}

/// In strict mode, what was not checked fails the run: say so in a section of its own.
fn not_checked(out: &mut String, r: &Report<'_>) {
    let unresolved = r.count(Status::Unresolved);
    let skipped: Vec<&crate::diag::Diagnostic> = r.not_checked().collect();
    if !r.strict || (unresolved == 0 && skipped.is_empty()) {
        return;
    }
    out.push_str("## Not checked (strict mode)\n\n");
    out.push_str(&format!(
        "Strict mode fails the run on these: {unresolved} unresolved finding(s) (listed above) \
         and {} part(s) of the tree pe-lint could not check.\n\n",
        skipped.len()
    ));
    for d in skipped {
        let at = d
            .loc
            .as_ref()
            .and_then(|l| r.position(l))
            .map(|p| format!(" at {}", code(&format!("{}:{}", p.file, p.line))))
            .unwrap_or_default();
        out.push_str(&format!("- {}{at}: {}\n", code(d.code), cell(&d.message)));
    }
    out.push('\n');
}

// ---------------------------------------------------------------------------------------------
// Escaping
//
// Everything shown here from the tree (values, addresses, file names, messages, reasons) is
// untrusted. It reaches the document only through `cell` (inline text, with the `code spans`
// rule messages use) or `code` (one code span), and neither can end a line, open a block, a
// link, an image, HTML, math or emphasis, or leave its table cell.

/// Escape text for a table cell or a paragraph, keeping the `code spans` rule messages use.
/// Backtick runs pair up as CommonMark pairs them (a run closes only at the next run of the
/// same length; an unmatched run is text); each pair is re-emitted by [`code`] with a fence of
/// our own, everything else by `escape_text_into`, so the output's structure never depends
/// on how a renderer would have paired the input.
pub fn cell(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    for (is_code, part) in segments(s) {
        if is_code {
            out.push_str(&code(&code_content(part)));
        } else {
            escape_text_into(&mut out, part);
        }
    }
    out
}

/// Backtick runs of `s` as (byte offset, length).
fn backtick_runs(s: &str) -> Vec<(usize, usize)> {
    let mut runs: Vec<(usize, usize)> = Vec::new();
    for (i, b) in s.bytes().enumerate() {
        match runs.last_mut() {
            Some((start, len)) if b == b'`' && *start + *len == i => *len += 1,
            _ if b == b'`' => runs.push((i, 1)),
            _ => {}
        }
    }
    runs
}

/// `s` split into text and code-span contents, pairing backtick runs as CommonMark does.
/// Linear: each run's next run of the same length is found by one backward pass.
fn segments(s: &str) -> Vec<(bool, &str)> {
    let runs = backtick_runs(s);
    let mut next_same: Vec<Option<usize>> = vec![None; runs.len()];
    let mut last_of_len: std::collections::HashMap<usize, usize> = Default::default();
    for (i, (_, len)) in runs.iter().enumerate().rev() {
        next_same[i] = last_of_len.insert(*len, i);
    }
    let mut out = Vec::new();
    let mut text_from = 0;
    let mut i = 0;
    while i < runs.len() {
        let (open, len) = runs[i];
        let Some(j) = next_same[i] else {
            i += 1;
            continue;
        };
        if text_from < open {
            out.push((false, &s[text_from..open]));
        }
        out.push((true, &s[open + len..runs[j].0]));
        text_from = runs[j].0 + len;
        i = j + 1;
    }
    if text_from < s.len() {
        out.push((false, &s[text_from..]));
    }
    out
}

/// A code span's content as CommonMark reads it: line endings are spaces, and one space is
/// stripped from each end when both ends have one (unless it is all spaces).
fn code_content(part: &str) -> String {
    let s = part.replace("\r\n", " ").replace(['\n', '\r'], " ");
    if s.len() >= 2 && s.starts_with(' ') && s.ends_with(' ') && s.bytes().any(|b| b != b' ') {
        s[1..s.len() - 1].to_string()
    } else {
        s
    }
}

/// A character no report should carry as is: controls (a NUL, an escape sequence) and the
/// bidirectional overrides that reorder what follows them on screen (U+202E and friends).
fn is_unsafe_char(c: char) -> bool {
    (c.is_control() && !matches!(c, '\t' | '\n' | '\r'))
        || matches!(
            c,
            '\u{200E}' | '\u{200F}' | '\u{061C}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}'
        )
}

fn escape_text_into(out: &mut String, s: &str) {
    let chars: Vec<char> = s.chars().collect();
    let word = |i: Option<usize>| {
        i.and_then(|i| chars.get(i))
            .is_some_and(|c| c.is_alphanumeric())
    };
    // GFM autolinks (`www.x`, `https://x`, `a@b.c`) trigger on the raw text: an escaped `.`
    // after `www`, `:` before `//` and `@` leave nothing for them to match.
    let after_www = |i: usize| {
        i >= 3
            && chars[i - 3..i]
                .iter()
                .collect::<String>()
                .eq_ignore_ascii_case("www")
    };
    let before_slashes =
        |i: usize| chars.get(i + 1) == Some(&'/') && chars.get(i + 2) == Some(&'/');
    for (i, &c) in chars.iter().enumerate() {
        match c {
            // `_` inside a word never starts emphasis on GitHub: keep `aws_s3_bucket` readable.
            '_' if word(i.checked_sub(1)) && word(Some(i + 1)) => out.push(c),
            // Emphasis, links, images, footnotes, tables, strikethrough, math, code, a
            // heading's closing sequence, and GitHub's autolinks.
            '\\' | '*' | '_' | '[' | ']' | '|' | '~' | '$' | '`' | '#' | '@' => {
                out.push('\\');
                out.push(c);
            }
            '.' if after_www(i) => out.push_str("\\."),
            ':' if before_slashes(i) => out.push_str("\\:"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '\r' if chars.get(i + 1) == Some(&'\n') => {}
            '\n' | '\r' => out.push_str("<br>"),
            c if is_unsafe_char(c) => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
}

/// A code span that survives any content: a fence longer than the longest backtick run, padded
/// when the content starts or ends with a backtick or would lose a space to CommonMark's
/// stripping, `|` escaped for tables (GitHub splits rows on it, even inside code spans), line
/// breaks as spaces. Empty content is one space: a bare fence pair would be a backtick run of
/// two that pairs with a later one.
pub fn code(s: &str) -> String {
    let mut s: String = s
        .chars()
        .map(|c| match c {
            '\n' | '\r' => ' ',
            c if is_unsafe_char(c) => '\u{FFFD}',
            c => c,
        })
        .collect();
    if s.is_empty() {
        s.push(' ');
    }
    let longest = backtick_runs(&s).iter().map(|r| r.1).max().unwrap_or(0);
    let fence = "`".repeat(longest + 1);
    let spaced =
        s.len() >= 2 && s.starts_with(' ') && s.ends_with(' ') && s.bytes().any(|b| b != b' ');
    let pad = if s.starts_with('`') || s.ends_with('`') || spaced {
        " "
    } else {
        ""
    };
    format!("{fence}{pad}{}{pad}{fence}", s.replace('|', "\\|"))
}

/// A link target of ours (a rule's documentation) as a CommonMark destination: anything that
/// could end it or start markup (spaces, parentheses, angle brackets, backslashes, quotes,
/// controls, non-ASCII) is percent-encoded.
fn destination(url: &str) -> String {
    let mut out = String::with_capacity(url.len());
    for b in url.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' => out.push(b as char),
            b'-' | b'.' | b'_' | b'~' | b':' | b'/' | b'?' | b'#' | b'=' | b'+' | b',' | b';'
            | b'%' => out.push(b as char),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

fn row(out: &mut String, cells: &[String]) {
    out.push('|');
    for c in cells {
        out.push(' ');
        out.push_str(if c.is_empty() { " " } else { c });
        out.push_str(" |");
    }
    out.push('\n');
}

fn table_head(out: &mut String, headers: &[&str], right: &[usize]) {
    row(
        out,
        &headers.iter().map(|h| h.to_string()).collect::<Vec<_>>(),
    );
    out.push('|');
    for i in 0..headers.len() {
        out.push_str(if right.contains(&i) {
            " ---: |"
        } else {
            " --- |"
        });
    }
    out.push('\n');
}

// ---------------------------------------------------------------------------------------------
// Metadata

/// The commit checked out at or above `start`, read from `.git` directly (worktrees and
/// packed refs included): (commit, branch).
///
/// The work tree holding `.git` is the boundary: every file read resolves inside it, is a
/// regular file, and is read through a cap. A `.git` file whose `gitdir:` leads elsewhere is
/// followed only for a linked worktree that git made: the gitdir's own `gitdir` file must
/// point back at this `.git` file, which nothing in the tree can arrange. Anything else
/// (`gitdir: /etc`, a `.git` linked out) shows no commit rather than something read from there.
pub fn git_head(start: &Path) -> Option<(String, Option<String>)> {
    let start = std::fs::canonicalize(start).ok()?;
    let mut dir: Option<&Path> = Some(start.as_path());
    while let Some(d) = dir {
        let dot = d.join(".git");
        if let Ok(meta) = std::fs::symlink_metadata(&dot) {
            return head_at(d, &dot, &meta);
        }
        dir = d.parent();
    }
    None
}

/// The head of the work tree `tree` (canonical) whose `.git` entry is `dot`.
fn head_at(tree: &Path, dot: &Path, meta: &std::fs::Metadata) -> Option<(String, Option<String>)> {
    if meta.is_dir() || meta.is_symlink() {
        crate::files::resolves_inside(dot, tree).ok()?;
        return read_head(dot, Some(tree));
    }
    let text = read_small(dot, Some(tree))?;
    let target = text.trim().strip_prefix("gitdir:")?.trim();
    let gitdir = tree.join(target);
    if crate::files::resolves_inside(&gitdir, tree).is_ok() {
        return read_head(&gitdir, Some(tree));
    }
    let back = read_small(&gitdir.join("gitdir"), None)?;
    let points_back = std::fs::canonicalize(back.trim()).is_ok_and(|b| b == dot);
    if points_back {
        read_head(&gitdir, None)
    } else {
        None
    }
}

/// A small file's text, read through [`crate::files`]: inside `tree` when given, a regular
/// file, at most 1 MiB.
fn read_small(path: &Path, tree: Option<&Path>) -> Option<String> {
    crate::files::read_text(path, tree, 1 << 20).ok()
}

fn is_hash(s: &str) -> bool {
    matches!(s.len(), 40 | 64) && s.bytes().all(|b| b.is_ascii_hexdigit())
}

fn read_head(gitdir: &Path, tree: Option<&Path>) -> Option<(String, Option<String>)> {
    let head = read_small(&gitdir.join("HEAD"), tree)?;
    let head = head.trim();
    if is_hash(head) {
        return Some((head.to_ascii_lowercase(), None));
    }
    let refname = head.strip_prefix("ref:")?.trim();
    if refname.contains("..") || !refname.starts_with("refs/") {
        return None;
    }
    let common: PathBuf = match read_small(&gitdir.join("commondir"), tree) {
        Some(c) => gitdir.join(c.trim()),
        None => gitdir.to_path_buf(),
    };
    // The name is shown in the report: only a plain one (no spaces, no control characters).
    let branch = refname
        .strip_prefix("refs/heads/")
        .filter(|b| !b.chars().any(|c| c.is_control() || c.is_whitespace()))
        .map(str::to_string);
    for base in [gitdir, common.as_path()] {
        if let Some(h) = read_small(&base.join(refname), tree) {
            let h = h.trim();
            if is_hash(h) {
                return Some((h.to_ascii_lowercase(), branch));
            }
        }
    }
    for base in [gitdir, common.as_path()] {
        if let Some(packed) = read_small(&base.join("packed-refs"), tree) {
            for line in packed.lines() {
                if let Some((h, name)) = line.split_once(' ') {
                    if name.trim() == refname && is_hash(h) {
                        return Some((h.to_ascii_lowercase(), branch));
                    }
                }
            }
        }
    }
    // A branch with no commits yet.
    None
}

fn badge(s: RuleStatus) -> &'static str {
    match s {
        RuleStatus::Pass => "✅ PASS",
        RuleStatus::Fail => "❌ FAIL",
        RuleStatus::Warning => "⚠️ WARNING",
        RuleStatus::Unresolved => "⚠️ UNRESOLVED",
        RuleStatus::NotApplicable => "— N/A",
        RuleStatus::Disabled => "— DISABLED",
    }
}

/// The run's result line: the outcome every format states, with the detail an auditor needs.
fn result(r: &Report<'_>) -> String {
    match r.outcome() {
        Outcome::NotChecked => format!(
            "➖ NOT CHECKED: no Terraform found in {}",
            cell(&r.roots_or_paths())
        ),
        Outcome::Incomplete => format!(
            "❗ INCOMPLETE: {} (see [Configuration problems](#configuration-problems))",
            cell(&r.errors_named())
        ),
        Outcome::Fail => "❌ FAIL".to_string(),
        Outcome::Pass if r.count(Status::Unresolved) > 0 => "⚠️ UNRESOLVED".to_string(),
        Outcome::Pass if r.verdicts.iter().any(|v| v.status == Status::Fail) => {
            "✅ PASS with warnings".to_string()
        }
        Outcome::Pass => "✅ PASS".to_string(),
    }
}

fn status_word(s: Status) -> &'static str {
    match s {
        Status::Pass => "pass",
        Status::Fail => "**fail**",
        Status::Unresolved => "unresolved",
        Status::Suppressed => "suppressed",
    }
}

fn header(out: &mut String, r: &Report<'_>) {
    out.push_str("# pe-lint compliance evidence\n\n");
    let fail = r.count(Status::Fail);
    let unresolved = r.count(Status::Unresolved);
    let _ = writeln!(out, "**Result: {}**\n", result(r));
    table_head(out, &["Scan", ""], &[]);
    row(
        out,
        &[
            "Tool".into(),
            format!("pe-lint {}", env!("CARGO_PKG_VERSION")),
        ],
    );
    let roots: Vec<String> = r.roots.iter().map(|s| code(s)).collect();
    row(out, &["Roots".into(), roots.join(", ")]);
    row(
        out,
        &[
            "Environment".into(),
            r.environment
                .as_deref()
                .map(cell)
                .unwrap_or_else(|| "not determined".into()),
        ],
    );
    let start = r
        .model
        .roots
        .first()
        .map(|root| root.dir.clone())
        .unwrap_or_else(|| PathBuf::from("."));
    if let Some((commit, branch)) = git_head(&start) {
        let b = branch
            .map(|b| format!(" on branch {}", code(&b)))
            .unwrap_or_default();
        row(out, &["Git commit".into(), format!("{}{b}", code(&commit))]);
    }
    provenance_rows(out, r);
    let generated = r.started_at.clone().unwrap_or_else(super::timestamp);
    row(out, &["Generated".into(), generated]);
    row(
        out,
        &[
            "Scanned".into(),
            format!(
                "{}, {}, {}",
                plural(r.files, "file"),
                plural(r.modules(), "module instance"),
                plural(r.resources(), "resource")
            ),
        ],
    );
    row(
        out,
        &[
            "Checks".into(),
            format!(
                "{} failed, {} unresolved, {} suppressed, {} passed",
                fail,
                unresolved,
                r.count(Status::Suppressed),
                r.count(Status::Pass)
            ),
        ],
    );
    out.push('\n');
}

/// How the evidence was produced: configuration files with their digests, settings that
/// differ from the defaults, var files, `--var` names, where the environment came from,
/// strict mode, the baseline and the suppressions applied.
fn provenance_rows(out: &mut String, r: &Report<'_>) {
    let p = &r.run.provenance;
    let joined = |items: Vec<String>| match items.is_empty() {
        true => "none".to_string(),
        false => items.join("; "),
    };
    let configs = p
        .config_files
        .iter()
        .map(|(path, sha)| format!("{} (SHA-256 {})", code(&r.repo_path(path)), code(sha)))
        .collect();
    row(out, &["Configuration".into(), joined(configs)]);
    let settings = p
        .settings
        .iter()
        .map(|s| {
            format!(
                "{} = {} (default {}; set at {})",
                code(&s.name),
                cell(&s.value),
                cell(&s.default),
                code(&s.from)
            )
        })
        .collect();
    row(out, &["Settings changed".into(), joined(settings)]);
    let codes = |items: &[String]| items.iter().map(|s| code(s)).collect::<Vec<_>>();
    row(out, &["Var files".into(), joined(codes(&p.var_files))]);
    row(out, &["`--var` names".into(), joined(codes(&p.var_names))]);
    let env_from = p.environment_from.iter().map(|s| cell(s)).collect();
    row(out, &["Environment from".into(), joined(env_from)]);
    let strict = if r.strict { "yes" } else { "no" };
    row(out, &["Strict mode".into(), strict.into()]);
    let baseline = p
        .baseline
        .as_deref()
        .map(code)
        .unwrap_or_else(|| "none".into());
    row(out, &["Baseline".into(), baseline]);
    let applied = r
        .suppressions_applied()
        .iter()
        .map(|(k, n)| format!("{} ×{n}", cell(k)))
        .collect();
    row(out, &["Suppressions applied".into(), joined(applied)]);
}

fn plural(n: usize, what: &str) -> String {
    if n == 1 {
        format!("1 {what}")
    } else {
        format!("{n} {what}s")
    }
}

fn rule_ids(r: &Report<'_>) -> Vec<String> {
    let mut ids: Vec<String> = r.rules.builtins().map(|m| m.id.clone()).collect();
    for v in r.verdicts {
        if !ids.iter().any(|i| *i == v.rule_id) {
            ids.push(v.rule_id.to_string());
        }
    }
    ids.sort();
    ids
}

fn counts(r: &Report<'_>, id: &str) -> BTreeMap<Status, usize> {
    let mut m = BTreeMap::new();
    for v in r.verdicts.iter().filter(|v| v.rule_id == id) {
        *m.entry(v.status).or_default() += 1;
    }
    m
}

fn title(r: &Report<'_>, id: &str) -> String {
    match r.rules.lookup(id) {
        Some(m) => format!("{id} {}", m.name),
        None => id.to_string(),
    }
}

/// GitHub's heading anchor: lower case, punctuation dropped, spaces to dashes.
fn anchor(heading: &str) -> String {
    heading
        .to_lowercase()
        .chars()
        .filter_map(|c| match c {
            ' ' => Some('-'),
            c if c.is_alphanumeric() || c == '-' || c == '_' => Some(c),
            _ => None,
        })
        .collect()
}

fn summary_table(out: &mut String, r: &Report<'_>) {
    out.push_str("## Requirements\n\n");
    table_head(
        out,
        &[
            "Rule",
            "Requirement",
            "Status",
            "Checked",
            "Passed",
            "Failed",
            "Unresolved",
            "Suppressed",
        ],
        &[3, 4, 5, 6, 7],
    );
    for id in rule_ids(r) {
        let c = counts(r, &id);
        let n = |s| c.get(&s).copied().unwrap_or(0);
        let t = title(r, &id);
        row(
            out,
            &[
                format!("[{}](#{})", cell(&t), anchor(&t)),
                r.rules
                    .lookup(&id)
                    .map(|m| cell(m.requirement.trim()))
                    .unwrap_or_default(),
                badge(r.rule_status(&id)).into(),
                c.values().sum::<usize>().to_string(),
                n(Status::Pass).to_string(),
                n(Status::Fail).to_string(),
                n(Status::Unresolved).to_string(),
                n(Status::Suppressed).to_string(),
            ],
        );
    }
    out.push('\n');
}

/// `file:line` of a finding.
fn at(r: &Report<'_>, v: &Verdict) -> String {
    r.position(&v.loc)
        .map(|p| code(&format!("{}:{}", p.file, p.line)))
        .unwrap_or_default()
}

/// The message without the leading `address: ` the rules put in front of it.
fn short_message(v: &Verdict) -> &str {
    v.message
        .strip_prefix(v.address.as_str())
        .and_then(|m| m.strip_prefix(": "))
        .unwrap_or(&v.message)
}

/// A rule's documentation: a link for built-in rules and web addresses; a custom rule's policy
/// file is a path in the tree, not a page of pe-lint's repository, so it is shown as code.
fn doc_link(m: &crate::rules::RuleMeta) -> String {
    let url = m.doc_url.trim();
    let web = url.starts_with("https://") || url.starts_with("http://");
    if m.source.is_some() && !web {
        return code(url);
    }
    format!(
        "[{}]({})",
        cell(url),
        destination(&super::sarif::help_uri(m))
    )
}

fn requirements(out: &mut String, r: &Report<'_>) {
    for id in rule_ids(r) {
        let c = counts(r, &id);
        requirement_head(out, r, &id, &c);
        let checked: usize = c.values().sum();
        if let Some((why, at)) = r.disabled_reason(&id) {
            let at = match at {
                "" => String::new(),
                at if at.starts_with("--") => format!(" ({})", code(at)),
                at => format!(" at {}", code(at)),
            };
            let _ = writeln!(out, "Not checked: **{why}**{at}.\n");
            continue;
        }
        if checked == 0 {
            out.push_str("Not applicable: no resources in scope.\n\n");
            continue;
        }
        let of = |s: Status| -> Vec<&Verdict> {
            r.verdicts
                .iter()
                .filter(|v| v.rule_id == id && v.status == s)
                .collect()
        };
        let failing_intro = match r.rule_status(&id) {
            RuleStatus::Fail => "Failing resources:".to_string(),
            _ => format!(
                "Findings at severity {} (below the level that fails the run):",
                r.severity_of(&id).as_str()
            ),
        };
        findings_table(out, r, &of(Status::Fail), &failing_intro, "Finding", "Fix");
        findings_table(
            out,
            r,
            &of(Status::Unresolved),
            "Unresolved resources (the value cannot be known before apply, so compliance \
             cannot be shown):",
            "Why",
            "To resolve",
        );
        suppressed_table(out, r, &of(Status::Suppressed));
        let passing = of(Status::Pass);
        if !passing.is_empty() {
            let _ = writeln!(
                out,
                "<details><summary>{} of {checked} checked resources comply</summary>\n",
                passing.len()
            );
            for v in passing {
                let _ = writeln!(out, "- {} at {}", code(&v.address), at(r, v));
            }
            out.push_str("\n</details>\n\n");
        }
    }
}

/// A requirement's heading, requirement text, status line and documentation link.
fn requirement_head(out: &mut String, r: &Report<'_>, id: &str, c: &BTreeMap<Status, usize>) {
    let m = r.rules.lookup(id);
    let n = |s| c.get(&s).copied().unwrap_or(0);
    let _ = writeln!(out, "### {}\n", cell(&title(r, id)));
    if let Some(m) = m {
        let _ = writeln!(out, "**Requirement:** {}  ", cell(m.requirement.trim()));
    }
    let _ = writeln!(
        out,
        "**Status:** {} · {} checked, {} passed, {} failed, {} unresolved, {} suppressed  ",
        badge(r.rule_status(id)),
        c.values().sum::<usize>(),
        n(Status::Pass),
        n(Status::Fail),
        n(Status::Unresolved),
        n(Status::Suppressed)
    );
    if let Some(m) = m {
        let _ = writeln!(out, "**Rule documentation:** {}", doc_link(m));
    }
    out.push('\n');
}

/// Failing or unresolved findings: resource, location, message and what to do.
fn findings_table(
    out: &mut String,
    r: &Report<'_>,
    verdicts: &[&Verdict],
    intro: &str,
    what: &str,
    todo: &str,
) {
    if verdicts.is_empty() {
        return;
    }
    let _ = writeln!(out, "{intro}\n");
    let roots = root_column(r);
    let mut head = vec!["Resource", "Location", what, todo];
    if roots.is_some() {
        head.insert(2, "Root");
    }
    table_head(out, &head, &[]);
    for v in verdicts {
        let mut cells = vec![
            code(&v.address),
            at(r, v),
            cell(short_message(v)),
            cell(&v.fix),
        ];
        if let Some(roots) = &roots {
            cells.insert(2, code(&roots.of(v).label()));
        }
        row(out, &cells);
    }
    out.push('\n');
}

/// The roots of a run that evaluated more than one (#20 item 20): the same module checked
/// through two roots gives two rows, told apart by this column.
fn root_column<'r>(r: &'r Report<'_>) -> Option<super::RootsIndex<'r>> {
    (r.model.roots.len() > 1).then(|| super::RootsIndex::new(r))
}

fn suppressed_table(out: &mut String, r: &Report<'_>, verdicts: &[&Verdict]) {
    if verdicts.is_empty() {
        return;
    }
    out.push_str("Suppressed findings:\n\n");
    table_head(
        out,
        &[
            "Resource",
            "Location",
            "Finding",
            "Justification",
            "Expires",
            "Suppressed by",
        ],
        &[],
    );
    for v in verdicts {
        let s = v.suppression.as_ref();
        let by = s
            .map(|s| {
                let place = s
                    .loc
                    .as_ref()
                    .and_then(|l| r.position(l))
                    .map(|p| format!(" at {}", code(&format!("{}:{}", p.file, p.line))))
                    .unwrap_or_default();
                format!("{}{place}", cell(s.kind))
            })
            .unwrap_or_default();
        row(
            out,
            &[
                code(&v.address),
                at(r, v),
                cell(short_message(v)),
                s.map(|s| cell(crate::suppress::reason_shown(&s.reason)))
                    .unwrap_or_default(),
                s.and_then(|s| s.until.as_deref())
                    .map(cell)
                    .unwrap_or_else(|| "never".into()),
                by,
            ],
        );
    }
    out.push('\n');
}

fn diagnostics(out: &mut String, r: &Report<'_>) {
    if r.diagnostics.is_empty() {
        return;
    }
    out.push_str("## Configuration problems\n\n");
    out.push_str(
        "Problems reading or evaluating the configuration. Errors mean the scan is incomplete.\n\n",
    );
    table_head(out, &["Severity", "Code", "Location", "Message"], &[]);
    for d in r.diagnostics {
        let pos = d.loc.as_ref().and_then(|l| r.position(l));
        let sev = match d.severity {
            Severity::Error => "**error**",
            Severity::Warning => "warning",
            Severity::Info => "info",
        };
        let mut msg = cell(&d.message);
        if let Some(h) = &d.help {
            msg.push_str(&format!("<br>help: {}", cell(h)));
        }
        row(
            out,
            &[
                sev.into(),
                code(d.code),
                pos.map(|p| code(&format!("{}:{}", p.file, p.line)))
                    .unwrap_or_default(),
                msg,
            ],
        );
    }
    out.push('\n');
}

// ---------------------------------------------------------------------------------------------
// Inventory

type Statuses<'v> = HashMap<(&'v str, &'v str), Status>;

/// The verdict of each (rule, resource): the worst one when a rule gave several.
fn statuses(verdicts: &[Verdict]) -> Statuses<'_> {
    let rank = |s: Status| match s {
        Status::Pass => 0,
        Status::Suppressed => 1,
        Status::Unresolved => 2,
        Status::Fail => 3,
    };
    let mut m: Statuses<'_> = HashMap::new();
    for v in verdicts {
        let e = m
            .entry((v.rule_id.as_str(), v.address.as_str()))
            .or_insert(v.status);
        if rank(v.status) > rank(*e) {
            *e = v.status;
        }
    }
    m
}

fn show_cell(v: Option<Value>) -> String {
    cell(&show(v))
}

fn instances<'m>(r: &Report<'m>, rtype: &str) -> Vec<(usize, &'m Arc<Instance>)> {
    let mut out: Vec<(usize, &Arc<Instance>)> = r
        .model
        .roots
        .iter()
        .enumerate()
        .flat_map(|(ri, root)| root.instances.iter().map(move |i| (ri, i)))
        .filter(|(_, i)| i.mode == Mode::Managed && i.rtype == rtype)
        .collect();
    out.sort_by(|a, b| (a.0, &a.1.address).cmp(&(b.0, &b.1.address)));
    out
}

fn location(r: &Report<'_>, i: &Instance) -> String {
    r.position(&i.header_loc())
        .map(|p| code(&format!("{}:{}", p.file, p.line)))
        .unwrap_or_default()
}

/// The resource column: the address, prefixed by the root when there are several.
fn resource_cell(r: &Report<'_>, root: usize, i: &Instance) -> String {
    if r.model.roots.len() > 1 {
        format!(
            "{} {}",
            cell(&r.model.roots[root].display),
            code(&i.address)
        )
    } else {
        code(&i.address)
    }
}

fn section(out: &mut String, title: &str, intro: &str) {
    let _ = writeln!(out, "### {title}\n\n{intro}\n");
}

fn none(out: &mut String) {
    out.push_str("_None in this configuration._\n\n");
}

fn inventory(out: &mut String, r: &Report<'_>, statuses: &Statuses<'_>) {
    out.push_str("## Inventory\n\n");
    out.push_str(
        "What the evidence checklist asks for, read from the evaluated configuration. \
         \"not set\" means the attribute is absent (the provider default applies); \"unknown\" \
         means it is known only after apply; \"n/a\" means the rule does not apply to the \
         resource (PE007 applies to API Lambdas only, PE001 to symmetric keys only) or that \
         its rule is disabled; the KMS table says which.\n\n",
    );
    for m in r.rules.builtins() {
        if let Some(ev) = &m.evidence {
            declared_inventory(out, r, statuses, &m.id, ev);
        }
    }
    alarms(out, r);
    for m in r.rules.custom().iter().map(|c| &c.meta) {
        if let Some(ev) = &m.evidence {
            declared_inventory(out, r, statuses, &m.id, ev);
        }
    }
}

/// The run's resources and rules, as the rules' computed evidence cells read them.
struct RunInventory<'a, 'm> {
    r: &'a Report<'m>,
}

impl evidence::Inventory for RunInventory<'_, '_> {
    fn instances(&self, root: usize, rtype: &str) -> Vec<&Instance> {
        let Some(root) = self.r.model.roots.get(root) else {
            return Vec::new();
        };
        let mut out: Vec<&Instance> = root
            .instances
            .iter()
            .filter(|i| i.mode == Mode::Managed && i.rtype == rtype)
            .map(|i| &**i)
            .collect();
        out.sort_by(|a, b| a.address.cmp(&b.address));
        out
    }

    fn disabled_reason(&self, rule: &str) -> Option<&'static str> {
        self.r.disabled_reason(rule).map(|(why, _)| why)
    }
}

/// A rule's table, as its policy file's `evidence` block declares it: the resource, the
/// declared columns, the location, then the verdicts.
fn declared_inventory(
    out: &mut String,
    r: &Report<'_>,
    statuses: &Statuses<'_>,
    rule: &str,
    ev: &crate::rules::meta::Evidence,
) {
    section(out, &cell(ev.title.trim()), &cell(ev.intro.trim()));
    let found = instances(r, &ev.resource_type);
    if found.is_empty() {
        return none(out);
    }
    let rows: Vec<(usize, &Instance)> = found.iter().map(|(root, i)| (*root, &***i)).collect();
    let inventory = RunInventory { r };
    let table = evidence::Rows {
        inventory: &inventory,
        rule,
        rows: &rows,
    };
    let columns: Vec<Vec<evidence::Cell>> = ev
        .columns
        .iter()
        .map(|c| evidence::column_cells(&table, c))
        .collect();
    let not_applicable = ev
        .not_applicable
        .as_deref()
        .and_then(evidence::compute)
        .map(|f| f(&table));
    let mut head: Vec<String> = vec![cell(&ev.resource_column)];
    head.extend(ev.columns.iter().map(|c| cell(&c.title)));
    head.push("Location".into());
    head.extend(ev.verdicts.iter().map(|v| cell(v)));
    table_head(
        out,
        &head.iter().map(String::as_str).collect::<Vec<_>>(),
        &[],
    );
    for (n, (root, i)) in rows.iter().enumerate() {
        let mut cells = vec![resource_cell(r, *root, i)];
        cells.extend(columns.iter().map(|c| pieces(c.get(n))));
        cells.push(location(r, i));
        for v in &ev.verdicts {
            cells.push(match statuses.get(&(v.as_str(), i.address.as_str())) {
                Some(s) => status_word(*s).to_string(),
                None if *v == rule && not_applicable.is_some() => {
                    pieces(not_applicable.as_ref().and_then(|c| c.get(n)))
                }
                None => "n/a".into(),
            });
        }
        row(out, &cells);
    }
    out.push('\n');
}

/// A computed cell in Markdown: every piece escaped.
fn pieces(c: Option<&evidence::Cell>) -> String {
    let mut out = String::new();
    for p in c.into_iter().flatten() {
        match p {
            Piece::Text(s) => out.push_str(&cell(s)),
            Piece::Code(s) => out.push_str(&code(s)),
            Piece::Strong(s) => {
                let _ = write!(out, "**{}**", cell(s));
            }
        }
    }
    out
}

fn comparison(op: &str) -> &str {
    match op {
        "GreaterThanThreshold" => ">",
        "GreaterThanOrEqualToThreshold" => "≥",
        "LessThanThreshold" => "<",
        "LessThanOrEqualToThreshold" => "≤",
        "LessThanLowerOrGreaterThanUpperThreshold" => "outside the band",
        "LessThanLowerThreshold" => "below the band",
        "GreaterThanUpperThreshold" => "above the band",
        other => other,
    }
}

/// The alarms the evidence checklist asks about. No rule checks them (there is no policy file
/// to declare this table in), so the table is the report's own.
fn alarms(out: &mut String, r: &Report<'_>) {
    section(
        out,
        "CloudWatch alarms",
        "Metric, statistic, condition, period and evaluation periods of each metric alarm.",
    );
    let list = instances(r, "aws_cloudwatch_metric_alarm");
    let composite = instances(r, "aws_cloudwatch_composite_alarm");
    if list.is_empty() && composite.is_empty() {
        return none(out);
    }
    if !list.is_empty() {
        metric_alarms(out, r, &list);
    }
    if !composite.is_empty() {
        composite_alarms(out, r, &composite);
    }
}

fn metric_alarms(out: &mut String, r: &Report<'_>, list: &[(usize, &Arc<Instance>)]) {
    table_head(
        out,
        &[
            "Alarm",
            "Name",
            "Metric",
            "Statistic",
            "Condition",
            "Period (s)",
            "Evaluation periods",
            "Location",
        ],
        &[],
    );
    for (root, a) in list {
        let queries = a.values.blocks("metric_query");
        let statistic = match a.attr("statistic") {
            None | Some(Value::Null) => show(a.attr("extended_statistic")),
            v => show(v),
        };
        let mut evals = show(a.attr("evaluation_periods"));
        if let Some(d) = a.attr("datapoints_to_alarm").filter(|v| !v.is_null()) {
            evals = format!("{} of {evals}", show(Some(d)));
        }
        row(
            out,
            &[
                resource_cell(r, *root, a),
                show_cell(a.attr("alarm_name")),
                cell(&alarm_metric(a, &queries)),
                cell(&statistic),
                cell(&alarm_condition(a)),
                cell(&alarm_period(a, &queries)),
                cell(&evals),
                location(r, a),
            ],
        );
    }
    out.push('\n');
}

/// The metric an alarm watches: namespace and name, or its metric math expressions.
fn alarm_metric(a: &Instance, queries: &[Value]) -> String {
    if queries.is_empty() {
        return match (a.attr("namespace"), a.attr("metric_name")) {
            (ns, Some(m)) if !m.is_null() => format!("{} / {}", show(ns), show(Some(m))),
            _ => "not set".into(),
        };
    }
    let exprs: Vec<String> = queries
        .iter()
        .filter_map(|q| q.get("expression"))
        .filter(|e| !e.is_null())
        .map(|e| show(Some(e)))
        .collect();
    if exprs.is_empty() {
        format!("metric math ({} queries)", queries.len())
    } else {
        format!("metric math: {}", exprs.join("; "))
    }
}

/// The comparison and threshold (or anomaly band).
fn alarm_condition(a: &Instance) -> String {
    let op = show(a.attr("comparison_operator"));
    match a.attr("threshold") {
        None | Some(Value::Null) => match a.attr("threshold_metric_id") {
            None | Some(Value::Null) => comparison(&op).to_string(),
            v => format!("{} band {}", comparison(&op), show(v)),
        },
        v => format!("{} {}", comparison(&op), show(v)),
    }
}

/// The period: the alarm's own, or each metric query's.
fn alarm_period(a: &Instance, queries: &[Value]) -> String {
    if queries.is_empty() {
        return show(a.attr("period"));
    }
    let ps: Vec<String> = queries
        .iter()
        .filter_map(|q| q.get("metric"))
        .flat_map(|m| match m {
            Value::List(l) => l.to_vec(),
            v => vec![v],
        })
        .filter_map(|m| m.get("period"))
        .map(|p| show(Some(p)))
        .collect();
    if ps.is_empty() {
        "—".into()
    } else {
        ps.join(", ")
    }
}

fn composite_alarms(out: &mut String, r: &Report<'_>, composite: &[(usize, &Arc<Instance>)]) {
    out.push_str("Composite alarms:\n\n");
    table_head(out, &["Alarm", "Name", "Rule", "Location"], &[]);
    for (root, a) in composite {
        row(
            out,
            &[
                resource_cell(r, *root, a),
                show_cell(a.attr("alarm_name")),
                show_cell(a.attr("alarm_rule")),
                location(r, a),
            ],
        );
    }
    out.push('\n');
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_escape_pipes_everywhere() {
        assert_eq!(cell("a | b"), "a \\| b");
        assert_eq!(cell("`x | y` and | z"), "`x \\| y` and \\| z");
        assert_eq!(cell("line1\nline2"), "line1<br>line2");
        assert_eq!(cell("<script> & *bold*"), "&lt;script&gt; &amp; \\*bold\\*");
        // An unpaired backtick is text.
        assert_eq!(cell("a ` b"), "a \\` b");
        assert_eq!(code("a|b"), "`a\\|b`");
        assert_eq!(code("x`y"), "``x`y``");
        assert_eq!(code("`x"), "`` `x ``");
    }

    #[test]
    fn backtick_runs_pair_as_commonmark_pairs_them() {
        // A run closes only at the next run of its own length; an unmatched run is text.
        assert_eq!(segments("```<h1>`"), [(false, "```<h1>`")]);
        assert_eq!(cell("```<h1>`"), "\\`\\`\\`&lt;h1&gt;\\`");
        assert_eq!(
            segments("a ``x`y`` b"),
            [(false, "a "), (true, "x`y"), (false, " b")]
        );
        assert_eq!(cell("a ``x`y`` b"), "a ``x`y`` b");
        assert_eq!(cell("`<b>` ``` x"), "`<b>` \\`\\`\\` x");
        // Line breaks inside a span are spaces; a space at both ends is CommonMark's padding.
        assert_eq!(cell("`a\nb`"), "`a b`");
        assert_eq!(cell("` x `"), "`x`");
    }

    #[test]
    fn code_spans_survive_any_content() {
        // Empty: one space, not a bare pair that would pair with a later run of two.
        assert_eq!(code(""), "` `");
        assert_eq!(code("``"), "``` `` ```");
        assert_eq!(code(" a "), "`  a  `");
        assert_eq!(code("a\u{202E}b\u{0}"), "`a\u{FFFD}b\u{FFFD}`");
    }

    #[test]
    fn text_leaves_nothing_to_interpret() {
        assert_eq!(
            cell("[a](b) ![i](j) $x$ ~~s~~ # @me www.x.y https://x.y"),
            "\\[a\\](b) !\\[i\\](j) \\$x\\$ \\~\\~s\\~\\~ \\# \\@me www\\.x.y https\\://x.y"
        );
        assert_eq!(cell("a\u{202E}b"), "a\u{FFFD}b");
    }

    #[test]
    fn link_targets_are_percent_encoded() {
        assert_eq!(
            destination("https://x.example/a) ![p](https://e/p.png"),
            "https://x.example/a%29%20%21%5Bp%5D%28https://e/p.png"
        );
        assert_eq!(
            destination("https://github.com/pe-lint/pe-lint/blob/main/docs/rules/PE001.md"),
            "https://github.com/pe-lint/pe-lint/blob/main/docs/rules/PE001.md"
        );
    }

    #[test]
    fn anchors_match_github() {
        assert_eq!(anchor("PE001 kms-key-rotation"), "pe001-kms-key-rotation");
    }

    #[test]
    fn reads_git_head_without_git() {
        let tmp = tempfile::tempdir().unwrap();
        let hash = "0123456789abcdef0123456789abcdef01234567";
        // A repository with a loose ref.
        let repo = tmp.path().join("repo");
        std::fs::create_dir_all(repo.join(".git/refs/heads")).unwrap();
        std::fs::create_dir_all(repo.join("sub/dir")).unwrap();
        std::fs::write(repo.join(".git/HEAD"), "ref: refs/heads/main\n").unwrap();
        std::fs::write(repo.join(".git/refs/heads/main"), format!("{hash}\n")).unwrap();
        assert_eq!(
            git_head(&repo.join("sub/dir")),
            Some((hash.to_string(), Some("main".to_string())))
        );
        // Packed refs.
        std::fs::remove_file(repo.join(".git/refs/heads/main")).unwrap();
        std::fs::write(
            repo.join(".git/packed-refs"),
            format!("# pack-refs with: peeled\n{hash} refs/heads/main\n"),
        )
        .unwrap();
        assert_eq!(git_head(&repo).map(|h| h.0), Some(hash.to_string()));
        // A worktree: `.git` is a file pointing at a gitdir with a commondir.
        let wt = tmp.path().join("wt");
        let gd = repo.join(".git/worktrees/wt");
        std::fs::create_dir_all(&gd).unwrap();
        std::fs::create_dir_all(&wt).unwrap();
        std::fs::write(wt.join(".git"), format!("gitdir: {}\n", gd.display())).unwrap();
        std::fs::write(gd.join("HEAD"), "ref: refs/heads/main\n").unwrap();
        std::fs::write(gd.join("commondir"), "../..\n").unwrap();
        // Followed only when the gitdir points back at this worktree, as git's own do.
        assert_eq!(git_head(&wt), None);
        let dot = std::fs::canonicalize(&wt).unwrap().join(".git");
        std::fs::write(gd.join("gitdir"), format!("{}\n", dot.display())).unwrap();
        assert_eq!(
            git_head(&wt),
            Some((hash.to_string(), Some("main".to_string())))
        );
        // Detached HEAD.
        std::fs::write(gd.join("HEAD"), format!("{hash}\n")).unwrap();
        assert_eq!(git_head(&wt), Some((hash.to_string(), None)));
    }
}

//! The evidence renders as written (issue items 5 and 6): text from the tree reaches
//! `report.md`, SARIF, JSON and JUnit as inert text. The Markdown report is rendered with a real
//! CommonMark/GFM parser (pulldown-cmark) and its events are walked: untrusted strings come out
//! as Text and Code only, the document's shape (headings, tables, rows, cells, links, HTML)
//! is that of the same report with harmless strings, and the result line is ours.

use crate::common::Rng;
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
use serde_json::Value as J;

use pe_lint::internals::diag::Diagnostic;
use pe_lint::internals::report::{self, Report};
use pe_lint::internals::rules::{Status, Suppression, Verdict};
use pe_lint::internals::source::{Loc, SourceFile, Sources, Span};
use pe_lint::internals::terraform::Model;

use super::common::*;

/// Everything CommonMark, GFM, GitHub and HTML give meaning to, and the forgeries the issue
/// names.
const PIECES: &[&str] = &[
    "|",
    "\\|",
    "<",
    ">",
    "&",
    "]]>",
    "[x](javascript:alert(1))",
    "![img](https://evil.example/x.png)",
    "*",
    "**",
    "_",
    "__",
    "~",
    "~~",
    "\n# Result: ✅ PASS\n",
    "#",
    "<!--",
    "-->",
    "\\",
    "&lt;",
    "&#60;",
    "<https://evil.example>",
    "www.evil.example",
    "https://evil.example/a",
    "a@evil.example",
    "@admin",
    ":shipit:",
    "\n",
    "\r",
    "\r\n",
    "\n\n",
    "\u{202E}",
    "\u{2066}",
    "\u{0}",
    "\u{7}",
    "\u{1b}[31m",
    "$x$",
    "$$\n\\Huge PASS\n$$",
    "</td></tr></table><h1>Result: ✅ PASS</h1><a href=https://evil.example>Approved by Security</a>",
    "<img src=x onerror=alert(1)>",
    "[^1]",
    "[[wiki]]",
    "- [ ] ",
    "---",
    "===",
    "    indented",
    "\t",
    " ",
    "plain words",
    "\"",
    "'",
    "]",
    "[",
    "(",
    ")",
    "<br>",
    "<details>",
    "</details>",
    "**Result: ✅ PASS**",
    "> [!NOTE]",
    "1. ",
    "+ ",
    "é",
    "😀",
];

/// A random hostile string: pieces and backtick runs of every length up to 9.
fn hostile(rng: &mut Rng) -> String {
    let mut s = String::new();
    for _ in 0..1 + rng.below(8) {
        if rng.below(3) == 0 {
            s.push_str(&"`".repeat(1 + rng.below(9)));
        } else {
            s.push_str(PIECES[rng.below(PIECES.len())]);
        }
    }
    s
}

// ---- reading the rendered Markdown ---------------------------------------------------------------

fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_MATH
        | Options::ENABLE_GFM
        | Options::ENABLE_WIKILINKS
}

/// The HTML pe-lint itself writes: line breaks in cells and the folded list of passes.
fn ours(html: &str) -> bool {
    let summary =
        regex::Regex::new(r"^<details><summary>\d+ of \d+ checked resources comply</summary>\n$")
            .unwrap();
    html == "<br>" || html == "</details>\n" || summary.is_match(html)
}

/// Where our links go: heading anchors and the built-in rules' documentation.
fn our_link(dest: &str) -> bool {
    dest.starts_with('#')
        && dest[1..]
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-')
        || dest.starts_with("https://github.com/pe-lint/pe-lint/blob/main/docs/rules/PE00")
}

/// The document's shape: every block and inline tag (links with their target), every HTML
/// event, every line break; leaf text and code are left out. Panics on what pe-lint never
/// writes: images, math, footnotes, task lists, HTML other than its own, foreign links.
fn skeleton(md: &str) -> Vec<String> {
    let mut out = Vec::new();
    for event in Parser::new_ext(md, options()) {
        match event {
            Event::Text(_) | Event::Code(_) => {}
            Event::InlineHtml(h) | Event::Html(h) => {
                assert!(ours(&h), "raw HTML {h:?} in:\n{md}");
                if &*h != "<br>" {
                    out.push(format!("html {h}"));
                }
            }
            Event::Start(Tag::Link { dest_url, .. }) => {
                assert!(our_link(&dest_url), "a link to {dest_url:?} in:\n{md}");
                out.push(format!("<link {dest_url}>"));
            }
            Event::Start(Tag::Image { dest_url, .. }) => panic!("an image {dest_url:?} in:\n{md}"),
            Event::Start(t) => out.push(format!("<{t:?}>")),
            Event::End(t) => out.push(format!("</{t:?}>")),
            e @ (Event::InlineMath(_)
            | Event::DisplayMath(_)
            | Event::FootnoteReference(_)
            | Event::TaskListMarker(_)) => panic!("{e:?} in:\n{md}"),
            e => out.push(format!("{e:?}")),
        }
    }
    out
}

/// The text of every table cell, code included.
fn cells(md: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current: Option<String> = None;
    for event in Parser::new_ext(md, options()) {
        match event {
            Event::Start(Tag::TableCell) => current = Some(String::new()),
            Event::End(TagEnd::TableCell) => out.extend(current.take()),
            Event::Text(t) | Event::Code(t) => {
                if let Some(c) = current.as_mut() {
                    c.push_str(&t);
                }
            }
            _ => {}
        }
    }
    out
}

/// The text of the first bold run: the result line.
fn result_line(md: &str) -> String {
    let mut text = String::new();
    let mut inside = false;
    for event in Parser::new_ext(md, options()) {
        match event {
            Event::Start(Tag::Strong) => inside = true,
            Event::End(TagEnd::Strong) => return text,
            Event::Text(t) | Event::Code(t) if inside => text.push_str(&t),
            _ => {}
        }
    }
    text
}

/// What survives of a string in a rendered cell: no whitespace (line breaks become `<br>` or
/// spaces, cells and code spans are trimmed), no backticks (paired ones mark code, as in rule
/// messages), controls and bidirectional overrides replaced.
fn visible(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_whitespace() && *c != '`')
        .map(|c| {
            if c.is_control() || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}') {
                '\u{FFFD}'
            } else {
                c
            }
        })
        .collect()
}

/// Each string shows, whole, in one cell.
fn assert_shown(md: &str, strings: &[String]) {
    let cells: Vec<String> = cells(md).iter().map(|c| visible(c)).collect();
    for s in strings {
        let v = visible(s);
        assert!(
            cells.iter().any(|c| c.contains(&v)),
            "{s:?} is not shown as written in any cell of:\n{md}"
        );
    }
}

/// What must hold of a report rendered from hostile strings, against the same report rendered
/// from harmless ones.
fn assert_inert(md: &str, harmless: &str, result: &str, strings: &[String]) {
    assert_eq!(
        skeleton(md),
        skeleton(harmless),
        "the shape changed:\n{md}\n---- harmless:\n{harmless}"
    );
    assert_eq!(result_line(md), format!("Result: {result}"), "{md}");
    assert_shown(md, strings);
}

// ---- the other formats -----------------------------------------------------------------------

/// SARIF plain text with its escapes undone; panics on an unescaped bracket (§3.11.6: literal
/// `[`, `]` and `\` are escaped with `\`, anything else would be an embedded link).
fn sarif_plain(text: &str) -> String {
    let mut out = String::new();
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => match chars.next() {
                Some(e @ ('\\' | '[' | ']')) => out.push(e),
                other => panic!("lone backslash before {other:?} in {text:?}"),
            },
            '[' | ']' => panic!("unescaped {c:?} in SARIF message text {text:?}"),
            c => out.push(c),
        }
    }
    out
}

fn xml_chars_ok(s: &str) -> bool {
    s.chars().all(|c| {
        matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}')
            || c >= '\u{10000}'
    })
}

/// Text or attribute content: allowed characters, `&` only in entities, no `<`.
fn assert_xml_content(s: &str, xml: &str) {
    assert!(xml_chars_ok(s), "a character XML 1.0 forbids in {s:?}");
    assert!(!s.contains('<'), "a stray < in {s:?}:\n{xml}");
    static ENTITY: OnceLock<regex::Regex> = OnceLock::new();
    let entity =
        ENTITY.get_or_init(|| regex::Regex::new(r"^&(amp|lt|gt|quot|apos|#[0-9]+);").unwrap());
    for (i, _) in s.match_indices('&') {
        assert!(entity.is_match(&s[i..]), "a bare & in {s:?}:\n{xml}");
    }
}

/// A small well-formedness check for the JUnit report: balanced elements, one root, quoted
/// attributes, escaped content.
fn assert_well_formed(xml: &str) {
    let body = xml
        .strip_prefix("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
        .expect("XML declaration");
    let attr = regex::Regex::new(r#"^\s+[A-Za-z_][-A-Za-z0-9_.]*="([^"]*)""#).unwrap();
    let name = regex::Regex::new(r"^[A-Za-z_][-A-Za-z0-9_.]*").unwrap();
    let mut stack: Vec<String> = Vec::new();
    let mut roots = 0;
    let mut rest = body;
    while let Some(open) = rest.find('<') {
        assert_xml_content(&rest[..open], xml);
        let close = rest[open..].find('>').expect("an unclosed tag") + open;
        let tag = &rest[open + 1..close];
        rest = &rest[close + 1..];
        if let Some(end) = tag.strip_prefix('/') {
            assert_eq!(stack.pop().as_deref(), Some(end), "mismatched </{end}>");
            continue;
        }
        if stack.is_empty() {
            roots += 1;
        }
        let (tag, empty) = match tag.strip_suffix('/') {
            Some(t) => (t, true),
            None => (tag, false),
        };
        let n = name.find(tag).expect("an element name").as_str();
        let mut attrs = &tag[n.len()..];
        while let Some(m) = attr.captures(attrs) {
            assert_xml_content(&m[1], xml);
            attrs = &attrs[m[0].len()..];
        }
        assert!(attrs.trim().is_empty(), "a malformed tag <{tag}>");
        if !empty {
            stack.push(n.to_string());
        }
    }
    assert_xml_content(rest, xml);
    assert!(stack.is_empty() && roots == 1, "unbalanced XML:\n{xml}");
}

// ---- reports built in process -------------------------------------------------------------------

/// The strings one synthetic report carries: finding messages, fixes, a suppression reason and
/// expiry, a resource address, a file name, diagnostic messages, the environment and a root.
struct Strings {
    message: String,
    fix: String,
    reason: String,
    until: String,
    address: String,
    file: String,
    diagnostic: String,
    help: String,
    environment: String,
    root: String,
}

impl Strings {
    fn random(rng: &mut Rng) -> Strings {
        Strings {
            message: hostile(rng),
            fix: hostile(rng),
            reason: hostile(rng),
            until: hostile(rng),
            address: format!("aws_kms_key.k[\"{}\"]", hostile(rng)),
            file: format!("{}.tf", hostile(rng)),
            diagnostic: hostile(rng),
            help: hostile(rng),
            environment: hostile(rng),
            root: hostile(rng),
        }
    }
    fn harmless() -> Strings {
        let s = |x: &str| x.to_string();
        Strings {
            message: s("message"),
            fix: s("fix"),
            reason: s("reason"),
            until: s("2030-01-01"),
            address: s("aws_kms_key.k[\"a\"]"),
            file: s("main.tf"),
            diagnostic: s("diagnostic"),
            help: s("help"),
            environment: s("prod"),
            root: s("root"),
        }
    }
    /// The strings a Markdown cell shows whole, the file name as displayed (with `/` for
    /// `\\`).
    fn shown(&self, file_display: &str) -> Vec<String> {
        vec![
            self.message.clone(),
            self.fix.clone(),
            self.reason.clone(),
            self.until.clone(),
            self.address.clone(),
            file_display.to_string(),
            self.diagnostic.clone(),
            self.help.clone(),
            self.environment.clone(),
            self.root.clone(),
        ]
    }
}

struct Built {
    sources: Sources,
    model: Model,
    verdicts: Vec<Verdict>,
    diagnostics: Vec<Diagnostic>,
    strings: Strings,
}

fn build(strings: Strings) -> Built {
    let mut sources = Sources::default();
    let text = "resource \"aws_kms_key\" \"k\" {\n  enable_key_rotation = false\n}\n";
    let fid = sources.add(SourceFile::new(
        PathBuf::from(&strings.file),
        Arc::from(text),
    ));
    let loc = Loc {
        file: Some(fid),
        span: Span::new(31, 58),
    };
    let verdict = |rule: &'static str, status: Status| Verdict {
        rule_id: rule.into(),
        status,
        address: strings.address.clone(),
        module: String::new(),
        rtype: "aws_kms_key".into(),
        loc,
        message: strings.message.clone(),
        fix: strings.fix.clone(),
        suppression: None,
        root: "root".into(),
        related: Vec::new(),
        configured: None,
    };
    let mut suppressed = verdict("PE006", Status::Suppressed);
    suppressed.suppression = Some(Suppression {
        kind: "inline",
        reason: strings.reason.clone(),
        until: Some(strings.until.clone()),
        loc: Some(loc),
        original: Status::Fail,
    });
    let verdicts = vec![
        verdict("PE001", Status::Fail),
        verdict("PE002", Status::Unresolved),
        suppressed,
        verdict("PE003", Status::Pass),
    ];
    let mut d = Diagnostic::warning("parse-error", strings.diagnostic.clone());
    d.help = Some(strings.help.clone());
    d.loc = Some(loc);
    Built {
        sources,
        model: Model::default(),
        verdicts,
        diagnostics: vec![d],
        strings,
    }
}

fn report_of(b: &Built) -> Report<'_> {
    Report {
        sources: &b.sources,
        model: &b.model,
        verdicts: &b.verdicts,
        diagnostics: &b.diagnostics,
        roots: vec![b.strings.root.clone()],
        environment: Some(b.strings.environment.clone()),
        files: 1,
        started_at: Some("2023-11-14T22:13:20Z".into()),
        elapsed: std::time::Duration::ZERO,
        color: false,
        sarif_category: None,
        severities: Default::default(),
        strict: false,
        run: Default::default(),
        rules: pe_lint::internals::rules::meta::builtin_set(),
    }
}

fn check_sarif(r: &Report<'_>, s: &Strings) {
    let sarif: J = serde_json::from_str(&report::sarif::render(r)).expect("SARIF is JSON");
    let run = &sarif["runs"][0];
    for res in run["results"].as_array().unwrap() {
        let plain = sarif_plain(res["message"]["text"].as_str().unwrap());
        assert!(plain.starts_with(s.message.trim_end()), "{plain:?}");
        assert!(res["message"].get("markdown").is_none());
    }
    for n in run["invocations"][0]["toolExecutionNotifications"]
        .as_array()
        .unwrap()
    {
        let plain = sarif_plain(n["message"]["text"].as_str().unwrap());
        assert!(plain.starts_with(&s.diagnostic), "{plain:?}");
    }
}

fn check_json(r: &Report<'_>, s: &Strings) {
    let text = report::json::render(r);
    let v: J = serde_json::from_str(&text).expect("the JSON report parses");
    assert_eq!(serde_json::to_string_pretty(&v).unwrap() + "\n", text);
    let f = &v["findings"][0];
    assert_eq!(f["message"], J::from(s.message.as_str()));
    assert_eq!(f["resource"], J::from(s.address.as_str()));
    assert_eq!(
        v["diagnostics"][0]["message"],
        J::from(s.diagnostic.as_str())
    );
    assert_eq!(v["scan"]["environment"], J::from(s.environment.as_str()));
}

/// GitHub workflow commands: one line each, and the message decodes to what was written.
fn check_github(r: &Report<'_>, s: &Strings) {
    let text = report::github::render(r);
    let lines: Vec<&str> = text.split('\n').filter(|l| !l.is_empty()).collect();
    // The diagnostic (a warning), the failure, the unresolved finding and the suppressed one
    // (a notice with its reason).
    assert_eq!(lines.len(), 4, "{text:?}");
    let notice = lines[3];
    assert!(notice.starts_with("::notice "), "{notice:?}");
    assert!(!notice.contains('\r'), "{notice:?}");
    let decode = |m: &str| {
        m.replace("%0D", "\r")
            .replace("%0A", "\n")
            .replace("%25", "%")
    };
    for (line, want) in lines.iter().zip([
        format!("{}\nhelp: {}", s.diagnostic, s.help),
        format!("{}\nfix: {}", s.message, s.fix),
        format!("{}\nfix: {}", s.message, s.fix),
    ]) {
        assert!(
            line.starts_with("::error ") || line.starts_with("::warning "),
            "{line:?}"
        );
        assert!(!line.contains('\r'), "{line:?}");
        let at = line[2..].find("::").expect("the message separator") + 4;
        // Controls and `##[` are escaped too (report::escape): the message is exactly the
        // escaped text, and decodes to it where nothing needed escaping.
        assert_eq!(&line[at..], report::github::escape_data(&want));
        if !want.chars().any(pe_lint::internals::escape::is_unsafe) && !want.contains("##") {
            assert_eq!(decode(&line[at..]), want);
        }
    }
}

/// Random strings with backtick runs of every length and every Markdown, HTML and GitHub
/// special in every place a synthetic report shows text: the Markdown report keeps its shape
/// and result line and shows each string as text; SARIF message text has its brackets escaped;
/// the JSON report parses and round-trips; GitHub commands stay one line each; the JUnit XML
/// is well formed.
#[test]
fn random_strings_stay_inert_in_every_format() {
    let harmless = build(Strings::harmless());
    let harmless_md = report::markdown::render(&report_of(&harmless));
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    for _ in 0..250 {
        let b = build(Strings::random(&mut rng));
        let r = report_of(&b);
        let md = report::markdown::render(&r);
        let display = &b.sources.iter().next().unwrap().1.display;
        assert_inert(&md, &harmless_md, "❌ FAIL", &b.strings.shown(display));
        check_sarif(&r, &b.strings);
        check_json(&r, &b.strings);
        check_github(&r, &b.strings);
        assert_well_formed(&report::junit::render(&r));
    }
}

// ---- whole trees through the binary ------------------------------------------------------------

/// A string as an HCL quoted template that evaluates to it.
fn hcl(s: &str) -> String {
    let mut out = String::from("\"");
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '$' | '%' if chars.peek() == Some(&'{') => {
                out.push(c);
                out.push(c);
            }
            c if c.is_control() => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// What a one-line comment or a file name can carry.
fn one_line(s: &str) -> String {
    s.chars()
        .map(|c| {
            if c.is_control() || matches!(c, '"' | '/' | '\\') {
                '_'
            } else {
                c
            }
        })
        .collect()
}

/// The tree's strings: a KMS key description, a `for_each` key, a bucket, queue, function,
/// log group and alarm name, an IAM action, a tag value, a suppression reason, a custom rule's
/// message and requirement, and a file name.
struct TreeStrings {
    values: Vec<String>,
    key: String,
    action: String,
    reason: String,
    file: String,
}

impl TreeStrings {
    fn random(rng: &mut Rng) -> TreeStrings {
        TreeStrings {
            values: (0..9).map(|_| hostile(rng)).collect(),
            key: hostile(rng),
            action: hostile(rng),
            reason: one_line(&hostile(rng)),
            file: one_line(&hostile(rng)),
        }
    }
    fn harmless() -> TreeStrings {
        TreeStrings {
            values: (0..9).map(|i| format!("value{i}")).collect(),
            key: "key".into(),
            action: "s3".into(),
            reason: "reason".into(),
            file: "file".into(),
        }
    }
}

const POLICY: &str = r#"rule "ORG1" {
  name        = "queue-named"
  severity    = "error"
  summary     = "queues are named"
  requirement = REQUIREMENT
  remediation = "name it"

  check "aws_sqs_queue" {
    assert  = false
    message = MESSAGE
  }
}
"#;

fn hostile_tree(s: &TreeStrings) -> tempfile::TempDir {
    let v = |i: usize| hcl(&s.values[i]);
    let main = format!(
        r#"resource "aws_kms_key" "k" {{
  for_each            = toset([{key}])
  description         = {d}
  enable_key_rotation = false
}}

resource "aws_s3_bucket" "b" {{
  bucket = {b}
  tags   = {{ Project = {t} }}
}}

resource "aws_sqs_queue" "q" {{
  name = {q}
}}

resource "aws_lambda_function" "f" {{
  function_name = {f}
}}

resource "aws_cloudwatch_log_group" "g" {{
  name = {g}
}}

resource "aws_cloudwatch_metric_alarm" "a" {{
  alarm_name  = {a}
  metric_name = {m}
}}

# pe-lint:ignore PE004 reason="{reason}"
resource "aws_lambda_function" "quiet" {{
  function_name = "quiet"
}}

resource "aws_iam_policy" "p" {{
  policy = jsonencode({{
    Statement = [{{ Effect = "Allow", Action = [{action}], Resource = ["*"] }}]
  }})
}}
"#,
        key = hcl(&s.key),
        d = v(0),
        b = v(1),
        t = v(2),
        q = v(3),
        f = v(4),
        g = v(5),
        a = v(6),
        m = v(7),
        reason = s.reason,
        action = hcl(&format!("{}*", s.action)),
    );
    let policy = POLICY
        .replace("REQUIREMENT", &v(8))
        .replace("MESSAGE", &hcl(&s.values[0]));
    let file = format!("{}.tf", s.file);
    tree(&[
        (file.as_str(), main.as_bytes()),
        (".pe-lint.hcl", b"rules_dirs = [\"policies\"]\n"),
        ("policies/org1.hcl", policy.as_bytes()),
    ])
}

fn markdown_of(dir: &Path) -> (i32, String) {
    let r = pe_lint(&[&dir, &"--format", &"markdown"], &[]);
    (r.code, r.stdout)
}

/// Random hostile strings in every value of a tree the Markdown report shows (descriptions,
/// names, tag values, `for_each` keys, IAM actions, suppression reasons, a custom rule's
/// message and requirement, a file name): the report has the shape of the same tree with
/// harmless strings, its result line, and shows each value as text.
#[test]
fn random_tree_values_stay_inert() {
    let harmless = hostile_tree(&TreeStrings::harmless());
    let (code, harmless_md) = markdown_of(harmless.path());
    assert_eq!(code, 1, "{harmless_md}");
    let mut rng = Rng(0xD1B5_4A32_D192_ED03);
    for _ in 0..6 {
        let s = TreeStrings::random(&mut rng);
        let dir = hostile_tree(&s);
        let (code, md) = markdown_of(dir.path());
        assert_eq!(code, 1, "{md}");
        // The tag value (2) is not shown; the requirement (8) is in a paragraph.
        let shown: Vec<String> = [0, 1, 3, 4, 5, 6, 7]
            .iter()
            .map(|&i| s.values[i].clone())
            .collect();
        assert_inert(&md, &harmless_md, "❌ FAIL", &shown);
    }
}

/// Issue item 5 as reported: a KMS key description, a suppression reason and an IAM action
/// open an unmatched run of three backticks, close the table, print a passing result with an
/// approval link and end on a single backtick (which a pairing of single backticks took for the
/// end of a code span). All of it stays text in its cell; the result is ❌ FAIL.
#[test]
fn a_triple_backtick_cannot_forge_the_result() {
    let forged = "```</td></tr></table><h1>Result: ✅ PASS</h1><a href=https://evil.example>Approved by Security</a>`";
    let mut s = TreeStrings::harmless();
    s.values[0] = forged.into();
    s.reason = one_line(forged);
    s.action = format!("s3:{forged}");
    let (_, harmless_md) = markdown_of(hostile_tree(&TreeStrings::harmless()).path());
    let (code, md) = markdown_of(hostile_tree(&s).path());
    assert_eq!(code, 1);
    assert_inert(&md, &harmless_md, "❌ FAIL", &[forged.to_string()]);
    assert!(!md.contains("<h1>") && !md.contains("<a href"), "{md}");
}

// ---- attacks of our own ------------------------------------------------------------------------

/// A custom rule's `doc_url` closes its link's target and adds an image and a second link.
/// The target is percent-encoded, so the link is the one we wrote and nothing follows it.
#[test]
fn a_doc_url_cannot_leave_its_link() {
    let url =
        "https://docs.example/a) ![pwn](https://evil.example/p.png) [ok](https://evil.example";
    let policy = POLICY
        .replace("REQUIREMENT", "\"queues are named\"")
        .replace("MESSAGE", "\"no\"")
        .replace(
            "  remediation = \"name it\"",
            &format!("  remediation = \"name it\"\n  doc_url = {}", hcl(url)),
        );
    let dir = tree(&[
        (
            "main.tf",
            b"resource \"aws_sqs_queue\" \"q\" {\n  name = \"q\"\n}\n",
        ),
        (".pe-lint.hcl", b"rules_dirs = [\"policies\"]\n"),
        ("policies/org1.hcl", policy.as_bytes()),
    ]);
    let (code, md) = markdown_of(dir.path());
    assert_eq!(code, 1, "{md}");
    let mut links = Vec::new();
    for event in Parser::new_ext(&md, options()) {
        match event {
            Event::Start(Tag::Link { dest_url, .. }) => links.push(dest_url.to_string()),
            Event::Start(Tag::Image { .. }) => panic!("an image in:\n{md}"),
            _ => {}
        }
    }
    let foreign: Vec<&String> = links.iter().filter(|l| !our_link(l)).collect();
    assert_eq!(
        foreign,
        ["https://docs.example/a%29%20%21%5Bpwn%5D%28https://evil.example/p.png%29%20%5Bok%5D%28https://evil.example"],
        "{md}"
    );
}

/// GitHub renders `$…$` as math (big, coloured text that can read as a result) and turns
/// `www.`, `https://` and `a@b.c` into links on its own. None of them is left to match: `$` is
/// escaped, and so are the `.`, `:` and `@` the autolinker looks for.
#[test]
fn math_and_autolinks_stay_text() {
    let value = "$\\Huge\\color{green}{\\text{Result: PASS}}$ www.evil.example https://evil.example/x a@evil.example";
    let mut s = TreeStrings::harmless();
    s.values[0] = value.into();
    let (_, md) = markdown_of(hostile_tree(&s).path());
    let (_, harmless_md) = markdown_of(hostile_tree(&TreeStrings::harmless()).path());
    assert_inert(&md, &harmless_md, "❌ FAIL", &[value.to_string()]);
    for raw in ["www.evil", "https://evil", "a@evil", " $\\Huge"] {
        assert!(
            !md.contains(raw),
            "{raw:?} left for GitHub's autolinker:\n{md}"
        );
    }
    assert!(md.contains("www\\.evil") && md.contains("https\\://evil") && md.contains("a\\@evil"));
}

/// A right-to-left override (U+202E) in a description would reverse the rest of its line on
/// screen, so `SSAP` reads as `PASS`; controls such as an escape sequence are no better. Neither
/// reaches the report: each is U+FFFD.
#[test]
fn a_bidi_override_never_reaches_the_report() {
    let mut s = TreeStrings::harmless();
    s.values[0] = "ok \u{202E}SSAP :tluseR\u{1b}[0m".into();
    s.key = "k\u{2066}".into();
    let (_, md) = markdown_of(hostile_tree(&s).path());
    for c in ['\u{202E}', '\u{2066}', '\u{1b}'] {
        assert!(!md.contains(c), "{c:?} in:\n{md}");
    }
    assert!(md.contains("ok \u{FFFD}SSAP :tluseR\u{FFFD}\\[0m"), "{md}");
}

/// A description with pipes, escaped pipes and a backslash before a pipe inside a code span
/// tries to add columns to the KMS table; every row keeps its seven cells.
#[test]
fn a_pipe_cannot_add_a_column() {
    let mut s = TreeStrings::harmless();
    s.values[0] = "a | b \\| c `d\\|e | f` \\\\| g".into();
    let (_, md) = markdown_of(hostile_tree(&s).path());
    let (_, harmless_md) = markdown_of(hostile_tree(&TreeStrings::harmless()).path());
    assert_inert(&md, &harmless_md, "❌ FAIL", &[s.values[0].clone()]);
}

/// The branch name comes from `.git` in the checked tree: a branch named like HTML with a
/// backtick run and a pipe is one code span in its cell.
#[test]
fn a_branch_name_cannot_forge_the_report() {
    let hash = "0123456789abcdef0123456789abcdef01234567";
    // No white space: a branch name with white space or controls is not shown at all.
    let branch = "x```|<img/src=x/onerror=alert(1)>```**Result:✅PASS**";
    let dir = |name: &str| {
        let head = format!("ref: refs/heads/{name}\n");
        let refpath = format!(".git/refs/heads/{name}");
        let hash_line = format!("{hash}\n");
        let d = hostile_tree(&TreeStrings::harmless());
        for (p, text) in [(".git/HEAD", head), (refpath.as_str(), hash_line)] {
            let p = d.path().join(p);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, text).unwrap();
        }
        d
    };
    let evil = dir(branch);
    let (_, md) = markdown_of(evil.path());
    let (_, harmless_md) = markdown_of(dir("main").path());
    assert!(harmless_md.contains("on branch `main`"), "{harmless_md}");
    assert_inert(&md, &harmless_md, "❌ FAIL", &[branch.to_string()]);
}

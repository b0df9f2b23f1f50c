//! JUnit XML for CI dashboards: one `<testsuite>` per rule and one `<testcase>` per (rule,
//! resource) verdict, passes included, so dashboards show how many resources comply.
//!
//! - fail, when it fails the run: `<failure type="fail">`; below that level (a rule configured
//!   as a warning) the test case passes with the finding in `<system-out>`
//! - unresolved: `<skipped message="unresolved: ...">` (it is neither a pass nor a failure;
//!   the exit code does not count it either)
//! - suppressed: `<skipped message="suppressed: <justification>">`
//! - configuration errors (parse errors and the like): a `pe-lint` suite with one `<error>`
//!   test case each.

use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;

use super::{FindingLevel, Report};
use crate::diag::Severity;
use crate::rules::{Status, Verdict};

/// Escape text content: `&`, `<`, `>`; characters XML 1.0 cannot carry become U+FFFD.
pub fn escape_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if is_xml_char(c) => out.push(c),
            _ => out.push('\u{FFFD}'),
        }
    }
    out
}

/// Escape an attribute value (double-quoted); whitespace is kept as character references so
/// parsers do not normalize it away.
pub fn escape_attr(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' => out.push_str("&#9;"),
            '\n' => out.push_str("&#10;"),
            '\r' => out.push_str("&#13;"),
            c if is_xml_char(c) => out.push(c),
            _ => out.push('\u{FFFD}'),
        }
    }
    out
}

fn is_xml_char(c: char) -> bool {
    matches!(c, '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..='\u{10FFFF}')
}

struct Case {
    name: String,
    classname: String,
    file: Option<String>,
    line: Option<usize>,
    body: String,
}

/// Test counts of the whole document.
#[derive(Default)]
struct Totals {
    tests: usize,
    failures: usize,
    errors: usize,
    skipped: usize,
}

pub fn render(r: &Report<'_>) -> String {
    // Suites in rule order; test cases in verdict order (file, position, address).
    let mut by_rule: BTreeMap<&str, Vec<&Verdict>> = BTreeMap::new();
    for m in r.rules.builtins() {
        by_rule.entry(m.id.as_str()).or_default();
    }
    for v in r.verdicts {
        by_rule.entry(v.rule_id.as_str()).or_default().push(v);
    }
    let mut suites = String::new();
    let mut totals = Totals::default();
    for (id, verdicts) in &by_rule {
        rule_suite(&mut suites, &mut totals, r, id, verdicts);
    }
    run_suites(&mut suites, &mut totals, r);
    let Totals {
        tests,
        failures,
        errors,
        skipped,
    } = totals;
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"pe-lint\" tests=\"{tests}\" failures=\"{failures}\" errors=\"{errors}\" skipped=\"{skipped}\" time=\"0\">\n{suites}</testsuites>\n"
    )
}

/// What a verdict's test case holds.
enum Body {
    Passed(String),
    Failed(String),
    Skipped(String),
}

/// A finding that fails the run is a `<failure>`; one below that level passes with the finding
/// in `<system-out>` (a dashboard must not show red for a run that passed); unresolved and
/// suppressed findings are skipped.
fn verdict_body(r: &Report<'_>, v: &Verdict, at: &str) -> Body {
    let fails = r.level(v) == FindingLevel::Error;
    match v.status {
        Status::Pass => Body::Passed(String::new()),
        Status::Fail if fails => {
            let mut text = format!("{at}{}", v.message);
            if !v.fix.is_empty() {
                text.push_str(&format!("\nfix: {}", v.fix));
            }
            Body::Failed(format!(
                "<failure type=\"fail\" message=\"{}\">{}</failure>",
                escape_attr(&v.message),
                escape_text(&text)
            ))
        }
        Status::Fail => {
            let level = r.severity_of(&v.rule_id).as_str();
            let text = format!("{at}{level} (does not fail the run): {}", v.message);
            Body::Passed(format!("<system-out>{}</system-out>", escape_text(&text)))
        }
        Status::Unresolved if fails => {
            let text = format!("{at}unresolved (fails in strict mode): {}", v.message);
            Body::Failed(format!(
                "<failure type=\"unresolved\" message=\"{}\">{}</failure>",
                escape_attr(&format!("unresolved: {}", v.message)),
                escape_text(&text)
            ))
        }
        Status::Unresolved => Body::Skipped(format!(
            "<skipped message=\"{}\"/>",
            escape_attr(&format!("unresolved: {}", v.message))
        )),
        Status::Suppressed => {
            let reason = v.suppression.as_ref().map_or("", |s| s.reason.as_str());
            let reason = crate::suppress::reason_shown(reason);
            Body::Skipped(format!(
                "<skipped message=\"{}\"/>",
                escape_attr(&format!("suppressed: {reason} ({})", v.message))
            ))
        }
    }
}

/// One rule's suite: a test case per verdict, and the requirement, configured severity and
/// status (`not_applicable` when nothing was in scope, `disabled`) as properties.
fn rule_suite(
    out: &mut String,
    totals: &mut Totals,
    r: &Report<'_>,
    id: &str,
    verdicts: &[&Verdict],
) {
    let m = r.rules.lookup(id);
    let name = m.map(|m| m.name.as_str()).unwrap_or("");
    let suite_name = format!("{id} {name}").trim_end().to_string();
    let classname = if name.is_empty() {
        id.to_string()
    } else {
        format!("{id}.{name}")
    };
    let mut names: HashMap<&str, usize> = HashMap::new();
    for v in verdicts.iter() {
        *names.entry(v.address.as_str()).or_default() += 1;
    }
    let (mut f, mut s) = (0, 0);
    let mut cases = Vec::new();
    for v in verdicts {
        let pos = r.position(&v.loc);
        let mut case_name = v.address.clone();
        if names[v.address.as_str()] > 1 {
            if let Some(p) = &pos {
                case_name.push_str(&format!(" ({}:{}:{})", p.file, p.line, p.column));
            }
        }
        let at = pos
            .as_ref()
            .map(|p| format!("{}:{}:{}: ", p.file, p.line, p.column))
            .unwrap_or_default();
        let body = match verdict_body(r, v, &at) {
            Body::Passed(b) => b,
            Body::Failed(b) => {
                f += 1;
                b
            }
            Body::Skipped(b) => {
                s += 1;
                b
            }
        };
        cases.push(Case {
            name: case_name,
            classname: classname.clone(),
            file: pos.as_ref().map(|p| p.file.clone()),
            line: pos.as_ref().map(|p| p.line),
            body,
        });
    }
    totals.tests += cases.len();
    totals.failures += f;
    totals.skipped += s;
    let mut props = String::new();
    if let Some(m) = m {
        let _ = write!(
            props,
            "    <properties>\n      <property name=\"requirement\" value=\"{}\"/>\n      <property name=\"severity\" value=\"{}\"/>\n      <property name=\"status\" value=\"{}\"/>\n    </properties>\n",
            escape_attr(m.requirement.trim()),
            r.severity_of(id).as_str(),
            r.rule_status(id).as_str()
        );
    }
    suite(out, &suite_name, &cases, f, 0, s, &props);
}

/// The run's own suites: configuration errors, what strict mode fails on, and a run that
/// checked nothing (a skipped case, so a dashboard never shows it as a pass).
fn run_suites(out: &mut String, totals: &mut Totals, r: &Report<'_>) {
    let mut errs: Vec<Case> = r
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .map(|d| diagnostic_case(r, d, "error"))
        .collect();
    if !errs.is_empty() {
        totals.tests += errs.len();
        totals.errors += errs.len();
        suite(out, "pe-lint", &errs, 0, errs.len(), 0, "");
    } else if r.outcome() == super::Outcome::NotChecked {
        errs.push(Case {
            name: "nothing checked".into(),
            classname: "pe-lint".into(),
            file: None,
            line: None,
            body: format!(
                "<skipped message=\"{}\"/>",
                escape_attr(&format!(
                    "nothing checked: no Terraform in {}",
                    r.roots_or_paths()
                ))
            ),
        });
        totals.tests += 1;
        totals.skipped += 1;
        suite(out, "pe-lint", &errs, 0, 0, 1, "");
    }
    // In strict mode what pe-lint could not check fails the run: each is a failing case.
    let not_checked: Vec<Case> = if r.strict {
        r.not_checked()
            .filter(|d| d.severity != Severity::Error)
            .map(|d| diagnostic_case(r, d, "failure"))
            .collect()
    } else {
        Vec::new()
    };
    if !not_checked.is_empty() {
        let n = not_checked.len();
        totals.tests += n;
        totals.failures += n;
        suite(
            out,
            "pe-lint not checked (strict)",
            &not_checked,
            n,
            0,
            0,
            "",
        );
    }
}

/// A diagnostic as a test case whose body is an `<error>` or `<failure>` element (`element`).
fn diagnostic_case(r: &Report<'_>, d: &crate::diag::Diagnostic, element: &str) -> Case {
    let pos = d.loc.as_ref().and_then(|l| r.position(l));
    let at = pos
        .as_ref()
        .map(|p| format!("{}:{}:{}: ", p.file, p.line, p.column))
        .unwrap_or_default();
    Case {
        name: format!(
            "{} {}",
            d.code,
            pos.as_ref().map(|p| p.file.as_str()).unwrap_or("")
        )
        .trim_end()
        .to_string(),
        classname: "pe-lint".into(),
        file: pos.as_ref().map(|p| p.file.clone()),
        line: pos.as_ref().map(|p| p.line),
        body: format!(
            "<{element} type=\"{}\" message=\"{}\">{}</{element}>",
            escape_attr(d.code),
            escape_attr(&d.message),
            escape_text(&format!("{at}{}", d.message))
        ),
    }
}

fn suite(
    out: &mut String,
    name: &str,
    cases: &[Case],
    failures: usize,
    errors: usize,
    skipped: usize,
    props: &str,
) {
    let _ = writeln!(
        out,
        "  <testsuite name=\"{}\" tests=\"{}\" failures=\"{failures}\" errors=\"{errors}\" skipped=\"{skipped}\" time=\"0\">",
        escape_attr(name),
        cases.len()
    );
    out.push_str(props);
    for c in cases {
        let mut attrs = format!(
            "name=\"{}\" classname=\"{}\"",
            escape_attr(&c.name),
            escape_attr(&c.classname)
        );
        if let Some(f) = &c.file {
            let _ = write!(attrs, " file=\"{}\"", escape_attr(f));
        }
        if let Some(l) = c.line {
            let _ = write!(attrs, " line=\"{l}\"");
        }
        if c.body.is_empty() {
            let _ = writeln!(out, "    <testcase {attrs} time=\"0\"/>");
        } else {
            let _ = writeln!(
                out,
                "    <testcase {attrs} time=\"0\">\n      {}\n    </testcase>",
                c.body
            );
        }
    }
    out.push_str("  </testsuite>\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping() {
        assert_eq!(
            escape_text("a < b && c > d"),
            "a &lt; b &amp;&amp; c &gt; d"
        );
        assert_eq!(
            escape_attr("\"x\" <y> & 'z'\n"),
            "&quot;x&quot; &lt;y&gt; &amp; &apos;z&apos;&#10;"
        );
        assert_eq!(escape_text("bell\u{7}"), "bell\u{FFFD}");
    }
}

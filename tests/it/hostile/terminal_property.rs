//! Issues 3 and 4, the property: random strings built from control characters, backtick runs,
//! `::`, `##[`, `|`, `<`, `]]>`, CR/LF, bidi controls, NEL and the line separators, placed in
//! file names, resource names, `for_each` keys, descriptions, tag values, comments, suppression
//! reasons and custom rules, never give a line a CI runner reads as a command, nor a raw control
//! character, in the human output (with and without colour), `--format github`, `test-rules`
//! or stderr. A hand-rolled xorshift keeps it deterministic (a failing seed is printed).

use crate::common::Rng;
use std::path::Path;

use pe_lint::internals::escape::{is_log_command, is_unsafe};
use pe_lint::internals::report::{self, Report};
use pe_lint::internals::rules::{self, Settings};

const PIECES: &[&str] = &[
    "\x1b[2J",
    "\x1b[H",
    "\x1b]52;c;ZWNobyBoaQ==\x07",
    "\x1b]8;;http://e\x1b\\",
    "\x1b[8m",
    "\x07",
    "\x08",
    "\x00",
    "\x7f",
    "\u{9b}",
    "\u{85}",
    "\r",
    "\n",
    "\r\n",
    "\t",
    "```",
    "``",
    "::",
    "::error::",
    "::add-mask::",
    "::notice file=x::",
    "##[group]",
    "##vso[task.prependpath]",
    "##VSO[",
    "|",
    "<",
    "]]>",
    "\u{202e}",
    "\u{2066}",
    "\u{2067}",
    "\u{2068}",
    "\u{2069}",
    "\u{2028}",
    "\u{2029}",
    "\u{200b}",
    "\u{feff}",
    "\u{3000}",
    "section_start:1:s\r\x1b[0K",
    "section_end:1:s\r\x1b[0K",
    " ",
    "  ",
    "a",
    "pe-lint: no failures",
    "%0A",
    "\\",
    "\"",
    "${",
];

fn fuzz_string(rng: &mut Rng, max: usize) -> String {
    let n = 1 + rng.below(max);
    (0..n).map(|_| PIECES[rng.below(PIECES.len())]).collect()
}

/// An HCL string literal holding `s` (every non-ASCII-printable character as `\uNNNN`, so the
/// value reaches the evaluator rather than failing to parse).
fn hcl_string(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '$' => out.push_str("$$"),
            ' '..='~' => out.push(c),
            c if (c as u32) <= 0xffff => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push_str(&format!("\\U{:08x}", c as u32)),
        }
    }
    out.push('"');
    out
}

/// A comment's text: anything but a line break (which would end it).
fn comment(s: &str) -> String {
    s.replace(['\n', '\r'], " ")
}

/// A file name: no `/` and no NUL; kept short.
fn file_name(rng: &mut Rng, ext: &str) -> String {
    let mut s: String = fuzz_string(rng, 4).replace(['/', '\0'], "_");
    s.truncate(80);
    while !s.is_char_boundary(s.len()) {
        s.pop();
    }
    format!("{s}{ext}")
}

fn write_tree(dir: &Path, rng: &mut Rng) {
    let mut tf = String::new();
    let key = fuzz_string(rng, 6);
    tf.push_str(&format!(
        "# {}\nresource \"aws_kms_key\" {} {{\n  for_each = toset([{}, \"b\"])\n  description = {}\n  tags = {{ {} = {} }}\n  enable_key_rotation = false # pe-lint:ignore PE001 reason=\"{}\"\n}}\n",
        comment(&fuzz_string(rng, 6)),
        hcl_string(&fuzz_string(rng, 4)),
        hcl_string(&key),
        hcl_string(&fuzz_string(rng, 6)),
        hcl_string(&fuzz_string(rng, 3)),
        hcl_string(&fuzz_string(rng, 6)),
        comment(&fuzz_string(rng, 6)).replace('"', "'"),
    ));
    // Raw bytes in a comment too (may not parse: then a parse error shows the snippet).
    tf.push_str(&format!(
        "resource \"aws_s3_bucket\" \"b\" {{ # {}\n}}\n",
        comment(&fuzz_string(rng, 4))
    ));
    std::fs::write(dir.join(file_name(rng, ".tf")), tf).unwrap();
    let json = serde_json::json!({"resource": {"aws_kms_key": {
        fuzz_string(rng, 3): {"enable_key_rotation": false, "description": fuzz_string(rng, 5)}
    }}});
    std::fs::write(dir.join(file_name(rng, ".tf.json")), json.to_string()).unwrap();
}

fn write_rule(dir: &Path, rng: &mut Rng) {
    let rule = format!(
        "rule \"ORG1\" {{\n  name = {}\n  severity = \"error\"\n  summary = {}\n  requirement = \"r\"\n  remediation = {}\n  check \"aws_kms_key\" {{\n    assert = false\n  }}\n  example \"fail\" {{\n    code = {}\n  }}\n}}\n",
        hcl_string(&fuzz_string(rng, 3)),
        hcl_string(&fuzz_string(rng, 4)),
        hcl_string(&fuzz_string(rng, 8)),
        hcl_string(&format!(
            "resource \"aws_kms_key\" {} {{}}",
            hcl_string(&fuzz_string(rng, 4))
        )),
    );
    std::fs::write(dir.join(file_name(rng, ".hcl")), rule).unwrap();
}

/// Remove our own SGR colour codes (tree text never carries a raw ESC).
fn strip_colour(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find("\x1b[") {
        out.push_str(&rest[..i]);
        let after = &rest[i + 2..];
        match after.find(|c: char| !(c.is_ascii_digit() || c == ';')) {
            Some(end) if after[end..].starts_with('m') => rest = &after[end + 1..],
            _ => {
                out.push_str("\x1b[");
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

fn assert_clean(what: &str, seed: u64, text: &str) {
    let plain = strip_colour(text);
    let raw: Vec<char> = plain
        .chars()
        .filter(|&c| c != '\n' && is_unsafe(c))
        .collect();
    assert!(
        raw.is_empty(),
        "seed {seed}, {what}: raw {raw:?} in\n{text}"
    );
    for l in plain.split('\n') {
        assert!(
            !is_log_command(l),
            "seed {seed}, {what}: command line {l:?} in\n{text}"
        );
    }
}

fn lint_reports(dir: &Path, seed: u64) {
    let loaded = pe_lint::internals::lint::load(&pe_lint::internals::lint::Options::new(vec![
        dir.to_path_buf()
    ]));
    let settings = Settings::default();
    let (mut verdicts, errors) = rules::run_with(
        &loaded.model,
        &settings,
        &loaded.sources,
        rules::meta::builtin_set(),
    );
    let mut diagnostics = loaded.diagnostics.clone();
    diagnostics.extend(errors);
    diagnostics.extend(pe_lint::internals::suppress::apply(
        &mut verdicts,
        &loaded.model,
        &loaded.sources,
        &settings,
        rules::meta::builtin_set(),
        "2030-01-01",
    ));
    for color in [false, true] {
        let r = Report {
            color,
            diagnostics: &diagnostics,
            ..Report::of(&loaded, &verdicts)
        };
        assert_clean("human", seed, &report::human::render(&r, false));
        assert_clean("human --quiet", seed, &report::human::render(&r, true));
    }
    let r = Report {
        diagnostics: &diagnostics,
        ..Report::of(&loaded, &verdicts)
    };
    let github = report::github::render(&r);
    for l in github.lines() {
        assert!(
            l.starts_with("::error ")
                || l.starts_with("::warning ")
                || l.starts_with("::notice ")
                || l.starts_with("::error::"),
            "seed {seed}: a line that is not our annotation {l:?} in\n{github}"
        );
        let lower = l.to_ascii_lowercase();
        assert!(
            !lower.contains("##[") && !lower.contains("##vso["),
            "seed {seed}: {l:?}"
        );
        assert!(
            !l.chars().any(is_unsafe),
            "seed {seed}: raw control in {l:?}"
        );
    }
}

#[test]
fn tree_text_never_becomes_a_log_command_or_a_raw_control() {
    let started = std::time::Instant::now();
    for seed in 1..=40u64 {
        let mut rng = Rng(seed.wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1);
        let dir = tempfile::tempdir().unwrap();
        write_tree(dir.path(), &mut rng);
        lint_reports(dir.path(), seed);
        let rules_dir = dir.path().join(file_name(&mut rng, "").replace('.', "_"));
        std::fs::create_dir_all(&rules_dir).unwrap();
        write_rule(&rules_dir, &mut rng);
        let (text, _) = rules::custom::testing::run(std::slice::from_ref(&rules_dir), None, true);
        assert_clean("test-rules", seed, &text);
        if seed % 8 == 0 {
            // stderr of the binary: `--list-rules` prints the rule folder's diagnostics there.
            let out = std::process::Command::new(env!("CARGO_BIN_EXE_pe-lint"))
                .arg("--list-rules")
                .arg("--rules")
                .arg(&rules_dir)
                .env("NO_COLOR", "1")
                .output()
                .unwrap();
            assert_clean("stderr", seed, &String::from_utf8_lossy(&out.stderr));
            let out = std::process::Command::new(env!("CARGO_BIN_EXE_pe-lint"))
                .arg(dir.path())
                .env("NO_COLOR", "1")
                .output()
                .unwrap();
            assert_clean("binary stdout", seed, &String::from_utf8_lossy(&out.stdout));
            assert_clean("binary stderr", seed, &String::from_utf8_lossy(&out.stderr));
        }
    }
    assert!(started.elapsed().as_secs() < 60, "{:?}", started.elapsed());
}

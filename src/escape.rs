//! Terminal text from the tree. Everything the checked tree controls (snippets, file names,
//! resource names, messages, reasons, rule metadata) passes through here before it reaches a
//! terminal or a CI log, so that it can neither drive the terminal (clear the screen, set the
//! clipboard with OSC 52, hide or reorder text with bidi controls, overwrite a line with CR) nor
//! be read by a CI runner as a log command (`::error::`, `##[group]`, `##vso[...]`, GitLab's
//! `section_start:` which needs a raw ESC).
//!
//! Characters that are never written raw are shown as visible escapes: `\x1b`, `\n`, `\r`,
//! `\t`, `\u{202e}`. Backslashes are left alone, so ordinary text is byte-identical.

use std::borrow::Cow;

/// A character that must never reach a terminal raw when it comes from the tree.
pub fn is_unsafe(c: char) -> bool {
    matches!(c,
        '\0'..='\x1f' | '\x7f' | '\u{80}'..='\u{9f}'
        // Bidi controls: reorder what is shown (Trojan Source).
        | '\u{061c}' | '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}'
        // Line and paragraph separators: some viewers break the line there.
        | '\u{2028}' | '\u{2029}'
        // Invisible characters: make two different strings look the same (a rule id that
        // does not match, a file name that is not the one shown).
        | '\u{ad}' | '\u{180e}' | '\u{200b}'..='\u{200d}' | '\u{2060}'..='\u{2064}' | '\u{feff}'
        | '\u{fff9}'..='\u{fffb}' | '\u{e0000}'..='\u{e007f}'
    )
}

fn push_escaped(out: &mut String, c: char) {
    use std::fmt::Write;
    match c {
        '\n' => out.push_str("\\n"),
        '\r' => out.push_str("\\r"),
        '\t' => out.push_str("\\t"),
        '\0'..='\x1f' | '\x7f' => {
            let _ = write!(out, "\\x{:02x}", c as u32);
        }
        _ => {
            let _ = write!(out, "\\u{{{:x}}}", c as u32);
        }
    }
}

/// A value shown on one line (a name, a reason, a message): every unsafe character, newlines
/// included, becomes a visible escape.
pub fn line(s: &str) -> Cow<'_, str> {
    if !s.chars().any(is_unsafe) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 16);
    for c in s.chars() {
        if is_unsafe(c) {
            push_escaped(&mut out, c);
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// Text shown over several lines (a source snippet): line breaks (`\n`, `\r\n`) and tabs stay,
/// everything else unsafe is escaped. Calls `mapped(from, to)` for each byte offset of `s`
/// whose escaped offset differs, so spans can be moved to the escaped text.
pub fn block(s: &str) -> Cow<'_, str> {
    block_mapped(s, |_, _| {})
}

/// [`block`], reporting each (original offset, escaped offset) pair after an escape.
pub fn block_mapped(s: &str, mut mapped: impl FnMut(usize, usize)) -> Cow<'_, str> {
    let keep = |i: usize, c: char| match c {
        '\n' | '\t' => true,
        '\r' => s.as_bytes().get(i + 1) == Some(&b'\n'),
        c => !is_unsafe(c),
    };
    if s.char_indices().all(|(i, c)| keep(i, c)) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 16);
    for (i, c) in s.char_indices() {
        if keep(i, c) {
            out.push(c);
        } else {
            push_escaped(&mut out, c);
            mapped(i + c.len_utf8(), out.len());
        }
    }
    Cow::Owned(out)
}

/// What a GitHub runner, an Azure agent or the legacy Actions format acts on anywhere in a
/// line: `##[` and `##vso[`. The second `#` is escaped (`#\#[`), visibly.
pub fn defang_anywhere(s: &str) -> Cow<'_, str> {
    let b = s.as_bytes();
    let hits: Vec<usize> = (0..b.len())
        .filter(|&i| b[i] == b'#' && b.get(i + 1) == Some(&b'#') && opens_command(&b[i + 2..]))
        .collect();
    if hits.is_empty() {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + hits.len());
    let mut last = 0;
    for i in hits {
        out.push_str(&s[last..=i]);
        out.push('\\');
        last = i + 1;
    }
    out.push_str(&s[last..]);
    Cow::Owned(out)
}

/// After `##`: `[` or `vso[` (any case: the agents compare without case).
fn opens_command(rest: &[u8]) -> bool {
    rest.first() == Some(&b'[')
        || (rest.len() >= 4 && rest[..3].eq_ignore_ascii_case(b"vso") && rest[3] == b'[')
}

/// Our own SGR colour codes at the start of `s` (tree text never carries a raw ESC).
fn skip_colour(mut s: &str) -> &str {
    while let Some(rest) = s.strip_prefix("\x1b[") {
        match rest.find(|c: char| !(c.is_ascii_digit() || c == ';')) {
            Some(end) if rest[end..].starts_with('m') => s = &rest[end + 1..],
            _ => break,
        }
    }
    s
}

/// Where a runner would start reading a line: after colour codes and any Unicode white space
/// (the GitHub runner trims with .NET's `TrimStart`, which knows U+3000 and friends).
fn content_start(line: &str) -> usize {
    let mut rest = line;
    loop {
        let after_colour = skip_colour(rest);
        let trimmed = after_colour.trim_start();
        if trimmed.len() == rest.len() {
            return line.len() - rest.len();
        }
        rest = trimmed;
    }
}

/// The whole output as a CI log sees it: no line may begin (after white space and colour)
/// with `::` (a GitHub workflow command) and no `##[` / `##vso[` anywhere. A line that would
/// begin with `::` gets a `│ ` gutter before it; lines pe-lint writes never begin so.
pub fn defang_output(text: &str) -> Cow<'_, str> {
    let needs_gutter = |l: &str| l[content_start(l)..].starts_with("::");
    if !text.split('\n').any(needs_gutter) {
        return defang_anywhere(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    for (n, l) in text.split('\n').enumerate() {
        if n > 0 {
            out.push('\n');
        }
        if needs_gutter(l) {
            let at = content_start(l);
            out.push_str(&l[..at]);
            out.push_str("│ ");
            out.push_str(&l[at..]);
        } else {
            out.push_str(l);
        }
    }
    Cow::Owned(defang_anywhere(&out).into_owned())
}

/// Would a GitHub, Azure or GitLab runner act on this line? `::word::` or `::word ` after
/// white space, `##[` or `##vso[` anywhere, GitLab's `section_start:`/`section_end:` after
/// ESC[0K. For tests of every output, ours and the property test's.
pub fn is_log_command(line: &str) -> bool {
    let t = line.trim_start();
    if let Some(rest) = t.strip_prefix("::") {
        let word_end = rest
            .find(|c: char| !(c.is_alphanumeric() || c == '-' || c == '_'))
            .unwrap_or(rest.len());
        let after = &rest[word_end..];
        if word_end > 0 && (after.starts_with("::") || after.starts_with(' ')) {
            return true;
        }
    }
    let lower = line.to_ascii_lowercase();
    lower.contains("##[")
        || lower.contains("##vso[")
        || lower.contains("\x1b[0ksection_start:")
        || lower.contains("\x1b[0ksection_end:")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn single_line_values_escape_every_control() {
        assert_eq!(line("plain ::text:: ok"), "plain ::text:: ok");
        assert_eq!(
            line("a\x1b[2J\x1b]52;c;x\x07\r\n\t\u{202e}b\u{85}\u{2028}\u{feff}\u{9b}"),
            "a\\x1b[2J\\x1b]52;c;x\\x07\\r\\n\\t\\u{202e}b\\u{85}\\u{2028}\\u{feff}\\u{9b}"
        );
    }

    #[test]
    fn blocks_keep_line_breaks_and_map_offsets() {
        assert_eq!(block("a\r\nb\tc\n"), "a\r\nb\tc\n");
        let mut map = Vec::new();
        let out = block_mapped("a\x1bb\rc\u{2066}d", |a, b| map.push((a, b)));
        assert_eq!(out, "a\\x1bb\\rc\\u{2066}d");
        assert_eq!(map, vec![(2, 5), (4, 8), (8, 17)]);
    }

    #[test]
    fn log_commands_are_defanged() {
        assert_eq!(
            defang_anywhere("x ##[group] ##VSO[task] #[ ##vs["),
            "x #\\#[group] #\\#VSO[task] #[ ##vs["
        );
        assert_eq!(
            defang_output("ok\n   ::error::x\n\x1b[31m\u{3000}::warning a\nb ::c::"),
            "ok\n   │ ::error::x\n\x1b[31m\u{3000}│ ::warning a\nb ::c::"
        );
        assert!(is_log_command("  ::add-mask::x"));
        assert!(is_log_command("x ##vso[task.prependpath]/tmp"));
        assert!(!is_log_command("   │ ::error::x"));
        assert!(!is_log_command("arn:aws:iam::123:role/x"));
    }
}

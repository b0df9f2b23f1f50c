//! Test-only: the modules of `src/` form layers, and imports only point down (or sideways,
//! within one layer). Low to high:
//!
//! - **base**: `source`, `diag`, `guard`, `limits`, `files`, `json`, `syntax`, `escape`,
//!   `types`, `calendar`, `text`. Leaf utilities and types every layer may use. `escape` (terminal and CI escaping)
//!   moved here from `report`, since rules' example output and the driver escape too; `types`
//!   holds `Env`, `Format` and the exit codes, which the command line chooses but rules,
//!   configuration and reports name.
//! - **read**: `discover`, `parse`, `lower`.
//! - **model**: `terraform`, including `terraform::loaded` (`Loaded`, `Scope`): the pipeline's
//!   result is sources + model + diagnostics, and reports take it, so it cannot live in `lint`.
//! - **check**: `rules` (except `rules::custom::testing`, below).
//! - **decide**: `config`, `suppress`, `baseline`, `fix` (autofix: which edit makes a finding pass).
//! - **output**: `report`, `inspect`.
//! - **drive**: `run`, `cli`, `lint`, `fuzz`, `main`, the crate root (`lib.rs`), this module,
//!   and two ambiguous ones:
//!   - `plan`: the `--plan` front end of the pipeline. It checks nothing: it runs `lint::load`
//!     and overlays the plan's instances, returning `Loaded` just as `lint::load` does.
//!   - `rules::custom::testing` (`pe-lint test-rules`): it runs the whole pipeline on each
//!     rule example, so it is a driver even though it sits beside the rules it tests.
//!
//! What counts as an import: `crate::…` paths (grouped `crate::{a, b}` too) and `super::`
//! paths, resolved against the file's module (and any inline `mod` around them), wherever
//! they appear in code; comments and string literals do not count. `#[cfg(test)] mod …`
//! blocks are exempt: a unit test may build whatever it needs. A `pub use` re-export in a
//! higher layer (`cli::Env`, `report::escape`, `lint::Loaded`) keeps old paths working and is
//! an import in the allowed direction.
//!

use std::path::{Path, PathBuf};

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Layer {
    Base,
    Read,
    Model,
    Check,
    Decide,
    Output,
    Drive,
}

/// Module path prefix -> layer; the longest matching prefix wins. "" is the crate root.
const MAP: &[(&str, Layer)] = &[
    ("", Layer::Drive),
    ("source", Layer::Base),
    ("diag", Layer::Base),
    ("guard", Layer::Base),
    ("limits", Layer::Base),
    ("files", Layer::Base),
    ("json", Layer::Base),
    ("syntax", Layer::Base),
    ("escape", Layer::Base),
    ("types", Layer::Base),
    ("calendar", Layer::Base),
    ("text", Layer::Base),
    ("discover", Layer::Read),
    ("parse", Layer::Read),
    ("lower", Layer::Read),
    ("terraform", Layer::Model),
    ("rules", Layer::Check),
    ("rules::custom::testing", Layer::Drive),
    ("config", Layer::Decide),
    ("suppress", Layer::Decide),
    ("baseline", Layer::Decide),
    ("fix", Layer::Decide),
    ("report", Layer::Output),
    ("inspect", Layer::Output),
    ("plan", Layer::Drive),
    ("pipeline", Layer::Drive),
    ("run", Layer::Drive),
    ("staged", Layer::Drive),
    ("cli", Layer::Drive),
    ("lint", Layer::Drive),
    ("fuzz", Layer::Drive),
    ("main", Layer::Drive),
    ("layers", Layer::Drive),
];

/// The layer of a module path: a top-level module must be listed (a new module must be given
/// a layer); below it, the longest listed prefix decides.
fn layer_of(path: &[String]) -> Option<Layer> {
    let top = path.first().map_or("", String::as_str);
    if !path.is_empty() && !MAP.iter().any(|(p, _)| *p == top) {
        return None;
    }
    (0..=path.len()).rev().find_map(|n| {
        let prefix = path[..n].join("::");
        MAP.iter().find(|(p, _)| *p == prefix).map(|(_, l)| *l)
    })
}

/// The module a file under `src/` defines: `a/b.rs` and `a/b/mod.rs` are `a::b`; `lib.rs` is
/// the crate root.
fn module_of(rel: &Path) -> Vec<String> {
    let mut parts: Vec<String> = rel
        .with_extension("")
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    if parts.last().is_some_and(|p| p == "mod") || parts == ["lib"] {
        parts.pop();
    }
    parts
}

/// The text with comments, string and char literals replaced by spaces (newlines kept, so
/// offsets and line numbers still match the file).
fn code_only(text: &str) -> String {
    let b = text.as_bytes();
    let mut out = b.to_vec();
    let blank = |out: &mut Vec<u8>, from: usize, to: usize| {
        for c in &mut out[from..to.min(b.len())] {
            if *c != b'\n' {
                *c = b' ';
            }
        }
    };
    let mut i = 0;
    while i < b.len() {
        let end = match b[i] {
            b'/' if b.get(i + 1) == Some(&b'/') => line_end(b, i),
            b'/' if b.get(i + 1) == Some(&b'*') => block_comment_end(b, i),
            b'r' | b'b' if raw_string_start(b, i).is_some() => {
                raw_string_end(b, i, raw_string_start(b, i).unwrap_or(0))
            }
            b'"' => string_end(b, i + 1, b'"'),
            b'\'' => char_end(b, i).unwrap_or(i + 1),
            c if c.is_ascii_alphanumeric() || c == b'_' => {
                // Skip the rest of an identifier, so `br` inside one is not a raw string.
                let mut j = i;
                while j < b.len() && (b[j].is_ascii_alphanumeric() || b[j] == b'_') {
                    j += 1;
                }
                i = j;
                continue;
            }
            _ => {
                i += 1;
                continue;
            }
        };
        blank(&mut out, i, end);
        i = end;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn line_end(b: &[u8], i: usize) -> usize {
    b[i..]
        .iter()
        .position(|c| *c == b'\n')
        .map_or(b.len(), |p| i + p)
}

fn block_comment_end(b: &[u8], i: usize) -> usize {
    let mut depth = 0usize;
    let mut j = i;
    while j + 1 < b.len() {
        if b[j] == b'/' && b[j + 1] == b'*' {
            depth += 1;
            j += 2;
        } else if b[j] == b'*' && b[j + 1] == b'/' {
            depth -= 1;
            j += 2;
            if depth == 0 {
                return j;
            }
        } else {
            j += 1;
        }
    }
    b.len()
}

/// For `r"`, `r#"`, `br"`, `br#"` at `i`: the number of `#`.
fn raw_string_start(b: &[u8], i: usize) -> Option<usize> {
    let j = if b[i] == b'b' && b.get(i + 1) == Some(&b'r') {
        i + 2
    } else if b[i] == b'r' {
        i + 1
    } else {
        return None;
    };
    let hashes = b[j..].iter().take_while(|c| **c == b'#').count();
    (b.get(j + hashes) == Some(&b'"')).then_some(hashes)
}

fn raw_string_end(b: &[u8], i: usize, hashes: usize) -> usize {
    let open = b[i..]
        .iter()
        .position(|c| *c == b'"')
        .map_or(b.len(), |p| i + p);
    let close: Vec<u8> = std::iter::once(b'"')
        .chain(std::iter::repeat_n(b'#', hashes))
        .collect();
    b[open + 1..]
        .windows(close.len())
        .position(|w| w == close.as_slice())
        .map_or(b.len(), |p| open + 1 + p + close.len())
}

/// The end of a quoted literal whose body starts at `j`, honouring backslash escapes.
fn string_end(b: &[u8], mut j: usize, quote: u8) -> usize {
    while j < b.len() {
        match b[j] {
            b'\\' => j += 2,
            c if c == quote => return j + 1,
            _ => j += 1,
        }
    }
    b.len()
}

/// A char literal at `i` (`'a'`, `'\n'`, `'\u{1F600}'`, `'é'`), or None for a lifetime.
fn char_end(b: &[u8], i: usize) -> Option<usize> {
    if b.get(i + 1) == Some(&b'\\') {
        return Some(string_end(b, i + 1, b'\''));
    }
    let text = std::str::from_utf8(&b[i + 1..(i + 6).min(b.len())]).unwrap_or_else(|e| {
        std::str::from_utf8(&b[i + 1..i + 1 + e.valid_up_to()]).unwrap_or_default()
    });
    let c = text.chars().next()?;
    let after = i + 1 + c.len_utf8();
    (b.get(after) == Some(&b'\'')).then_some(after + 1)
}

/// Where `#[cfg(test)] mod NAME {…}` blocks and inline `mod NAME {…}` blocks are, in code
/// from [`code_only`]: (start, end, name, is_test).
fn inline_modules(code: &str) -> Vec<(usize, usize, String, bool)> {
    let b = code.as_bytes();
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(p) = code[from..].find("mod ") {
        let at = from + p;
        from = at + 4;
        if at > 0 && (b[at - 1].is_ascii_alphanumeric() || b[at - 1] == b'_') {
            continue;
        }
        let rest = &code[at + 4..];
        let name: String = rest
            .trim_start()
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
            .collect();
        let after_name = rest.trim_start()[name.len()..].trim_start();
        if name.is_empty() || !after_name.starts_with('{') {
            continue;
        }
        let open = code.len() - after_name.len();
        let close = matching_brace(b, open);
        let before = code[..at].trim_end();
        let before = before.strip_suffix("pub").unwrap_or(before).trim_end();
        let is_test = before.ends_with("#[cfg(test)]");
        out.push((at, close, name, is_test));
    }
    out
}

fn matching_brace(b: &[u8], open: usize) -> usize {
    let mut depth = 0usize;
    for (j, c) in b.iter().enumerate().skip(open) {
        match c {
            b'{' => depth += 1,
            b'}' => {
                depth -= 1;
                if depth == 0 {
                    return j + 1;
                }
            }
            _ => {}
        }
    }
    b.len()
}

/// The module paths a path starting right after `crate::` or the last `super::` names, from
/// `base`: `a::b::C`, `{a, b::{c, self}}`, `*`.
fn targets(base: &[String], s: &str) -> Vec<Vec<String>> {
    let s = s.trim_start();
    if s.starts_with('{') {
        let close = matching_brace(s.as_bytes(), 0);
        let inner = &s[1..close.saturating_sub(1).max(1)];
        return split_top_level(inner)
            .into_iter()
            .flat_map(|item| targets(base, item))
            .collect();
    }
    let name: String = s
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
        .collect();
    if name.is_empty() {
        return vec![base.to_vec()];
    }
    let mut path = base.to_vec();
    if name != "self" {
        path.push(name.clone());
    }
    match s[name.len()..].strip_prefix("::") {
        Some(rest) => targets(&path, rest),
        None => vec![path],
    }
}

fn split_top_level(s: &str) -> Vec<&str> {
    let mut items = Vec::new();
    let (mut depth, mut start) = (0usize, 0);
    for (i, c) in s.char_indices() {
        match c {
            '{' => depth += 1,
            '}' => depth = depth.saturating_sub(1),
            ',' if depth == 0 => {
                items.push(&s[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    items.push(&s[start..]);
    items.into_iter().filter(|i| !i.trim().is_empty()).collect()
}

/// One reference from a file to a module: (line, target module path).
fn references(module: &[String], text: &str) -> Result<Vec<(usize, Vec<String>)>, String> {
    let code = code_only(text);
    let mods = inline_modules(&code);
    let bytes = code.as_bytes();
    let mut out = Vec::new();
    for (at, _) in code
        .match_indices("crate::")
        .chain(code.match_indices("super::"))
    {
        let prev = at.checked_sub(1).map(|p| bytes[p]);
        if prev.is_some_and(|c| c.is_ascii_alphanumeric() || c == b'_' || c == b':') {
            continue; // a later `super::` of `super::super::`, or part of another name
        }
        let enclosing: Vec<_> = mods.iter().filter(|m| m.0 < at && at < m.1).collect();
        if enclosing.iter().any(|m| m.3) {
            continue;
        }
        let mut base: Vec<String> = module.to_vec();
        base.extend(enclosing.iter().map(|m| m.2.clone()));
        let mut rest = &code[at..];
        if let Some(r) = rest.strip_prefix("crate::") {
            base.clear();
            rest = r;
        }
        while let Some(r) = rest.strip_prefix("super::") {
            base.pop()
                .ok_or_else(|| "a `super::` above the crate root".to_string())?;
            rest = r;
        }
        let line = code[..at].matches('\n').count() + 1;
        out.extend(targets(&base, rest).into_iter().map(|t| (line, t)));
    }
    out.sort();
    Ok(out)
}

/// Every upward (or unmapped) import in one file, as report lines.
fn violations(rel: &Path, text: &str) -> Vec<String> {
    let module = module_of(rel);
    let shown = format!("src/{}", rel.display());
    let Some(from) = layer_of(&module) else {
        return vec![format!(
            "{shown}: module `{}` is not in the layer map",
            module.join("::")
        )];
    };
    let refs = match references(&module, text) {
        Ok(r) => r,
        Err(e) => return vec![format!("{shown}: {e}")],
    };
    refs.into_iter()
        .filter_map(|(line, target)| match layer_of(&target) {
            Some(to) if to <= from => None,
            Some(to) => Some(format!(
                "{shown}:{line}: {from:?} -> {to:?} (crate::{})",
                target.join("::")
            )),
            None => Some(format!(
                "{shown}:{line}: crate::{} is not in the layer map",
                target.join("::")
            )),
        })
        .collect()
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .expect("read src/")
        .map(|e| e.expect("read src/").path())
        .collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|e| e == "rs") {
            out.push(p);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(rel: &str, text: &str) -> Vec<String> {
        violations(Path::new(rel), text)
    }

    #[test]
    fn imports_point_only_down() {
        let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        let mut files = Vec::new();
        rust_files(&src, &mut files);
        assert!(files.len() > 40, "found only {} files", files.len());
        let found: Vec<String> = files
            .iter()
            .flat_map(|f| {
                let text = std::fs::read_to_string(f).expect("read a source file");
                violations(f.strip_prefix(&src).expect("under src/"), &text)
            })
            .collect();
        assert!(
            found.is_empty(),
            "upward imports (see src/layers.rs for the layers):\n{}",
            found.join("\n")
        );
    }

    #[test]
    fn upward_imports_are_found_in_every_form() {
        assert_eq!(
            check(
                "diag.rs",
                "use crate::source::Loc;\nuse crate::lint::Options;\n"
            ),
            ["src/diag.rs:2: Base -> Drive (crate::lint::Options)"]
        );
        assert_eq!(
            check(
                "config.rs",
                "use crate::{discover, report::{self, Report}};\n"
            ),
            [
                "src/config.rs:1: Decide -> Output (crate::report)",
                "src/config.rs:1: Decide -> Output (crate::report::Report)",
            ]
        );
        assert_eq!(
            check(
                "rules/util.rs",
                "fn f() {\n    super::super::run::run(x);\n}\n"
            ),
            ["src/rules/util.rs:2: Check -> Drive (crate::run::run)"]
        );
        assert_eq!(
            check(
                "report/mod.rs",
                "mod inner {\n    use super::super::cli::Cli;\n}\n"
            ),
            ["src/report/mod.rs:2: Output -> Drive (crate::cli::Cli)"]
        );
        assert_eq!(
            check("terraform/eval.rs", "use crate::nowhere::X;\n"),
            ["src/terraform/eval.rs:1: crate::nowhere::X is not in the layer map"]
        );
        assert_eq!(
            check("newthing.rs", ""),
            ["src/newthing.rs: module `newthing` is not in the layer map"]
        );
    }

    #[test]
    fn comments_strings_tests_and_downward_imports_do_not_count() {
        let text = r##"
use crate::terraform::Model; // crate::run
/* crate::cli /* nested */ crate::lint */
const A: &str = "crate::run::x";
const B: &str = r#"crate::cli "quoted""#;
const C: char = '"';
fn f<'a>(x: &'a str) -> &'a str { let _ = crate::diag::Severity::Error; x }
#[cfg(test)]
mod tests {
    use crate::lint::Options;
    use super::*;
}
"##;
        assert_eq!(
            check("rules/pe001_kms_rotation.rs", text),
            Vec::<String>::new()
        );
        assert_eq!(
            check(
                "rules/custom/testing.rs",
                "use crate::lint::{self, Options};\n"
            ),
            Vec::<String>::new()
        );
    }
}

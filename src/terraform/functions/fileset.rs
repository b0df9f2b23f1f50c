//! `fileset(path, pattern)` (Terraform's `lang/funcs/filesystem.go` with doublestar globs):
//! the regular files under `path` whose path matches `pattern`, relative to `path`, with `/`
//! separators, as a set of strings (sorted). The walk stays inside [`FnCtx::boundary`], never
//! follows a link out of it, and stops at a bounded number of entries.

use super::filesystem::{boundary_canonical, go_clean};
use super::*;

pub(super) const FUNCS: &[Builtin] = &[Builtin::new("fileset", 2, 2, |_, a, cx| {
    let path = str_arg(&a[0], "path")?;
    let pattern = str_arg(&a[1], "pattern")?;
    fileset(&path, &pattern, cx)
})];

/// More entries than this under the walked folder: the result is unresolved (a tree built to
/// make the linter slow, not a real module's templates).
const MAX_ENTRIES: usize = 20_000;
const MAX_DEPTH: usize = 64;

fn fileset(path: &str, pattern: &str, cx: &mut FnCtx) -> FnResult<Value> {
    let unresolved = |why: &str| {
        Ok(Value::unknown_from(Origin::new(format!(
            "fileset({path:?}, {pattern:?}): {why}"
        ))))
    };
    let base = absolute_in_cwd(path, cx);
    // As Terraform: the pattern is joined to the path and cleaned, then globbed.
    let full = go_clean(&format!("{}/{pattern}", base));
    let Some(re) = glob_regex(&full) else {
        return invalid(format!(
            "failed to glob pattern ({full}): syntax error in pattern"
        ));
    };
    let walk_from = literal_prefix(&full);
    let canon_tree = boundary_canonical(cx);
    let start = match std::fs::canonicalize(&walk_from) {
        Ok(c) if c.starts_with(&canon_tree) => PathBuf::from(&walk_from),
        Ok(_) => {
            let msg =
                format!("fileset({path:?}, {pattern:?}) refused: it is outside the scanned tree");
            cx.warnings
                .push(format!("{msg}; its value is treated as unknown"));
            return unresolved("outside the scanned tree");
        }
        // Nothing there: no file matches (Terraform's glob finds nothing either).
        Err(_) => return Ok(Value::list(Vec::new())),
    };
    let mut found = Vec::new();
    let mut seen = 0usize;
    for entry in walkdir::WalkDir::new(&start)
        .max_depth(MAX_DEPTH)
        .follow_links(false)
    {
        seen += 1;
        cx.work += 1;
        if seen > MAX_ENTRIES {
            return unresolved("too many files to list");
        }
        let Ok(entry) = entry else { continue };
        let Some(text) = entry.path().to_str() else {
            continue;
        };
        if !re.is_match(text) || !is_regular_in_tree(entry.path(), &entry, &canon_tree) {
            continue;
        }
        found.push(Value::string(relative(&base, text)));
    }
    found.sort_by(|a, b| a.as_str().cmp(&b.as_str()));
    found.dedup();
    Ok(Value::list(found))
}

fn absolute_in_cwd(path: &str, cx: &FnCtx) -> String {
    if path.starts_with('/') {
        return go_clean(path);
    }
    let cwd = match &cx.cwd {
        Some(c) => crate::discover::absolute(c),
        None => std::env::current_dir().unwrap_or_default(),
    };
    go_clean(&format!("{}/{path}", cwd.to_string_lossy()))
}

/// A regular file, or a link to one that lies inside the tree (Terraform stats each match).
fn is_regular_in_tree(path: &Path, entry: &walkdir::DirEntry, canon_tree: &Path) -> bool {
    let t = entry.file_type();
    if t.is_file() {
        return true;
    }
    t.is_symlink() && crate::files::resolves_inside(path, canon_tree).is_ok_and(|c| c.is_file())
}

/// The folders of `full` before the first component with a glob character: where to walk.
fn literal_prefix(full: &str) -> String {
    let mut out = String::new();
    for comp in full.split('/') {
        if comp.contains(['*', '?', '[', '{', '\\']) {
            break;
        }
        if !out.is_empty() && !out.ends_with('/') {
            out.push('/');
        }
        out.push_str(comp);
        if out.is_empty() {
            out.push('/');
        }
    }
    out
}

/// Go's `filepath.Rel` for two clean absolute paths.
fn relative(base: &str, target: &str) -> String {
    let b: Vec<&str> = base.split('/').filter(|c| !c.is_empty()).collect();
    let t: Vec<&str> = target.split('/').filter(|c| !c.is_empty()).collect();
    let common = b.iter().zip(&t).take_while(|(x, y)| x == y).count();
    let mut parts: Vec<&str> = vec![".."; b.len() - common];
    parts.extend(&t[common..]);
    parts.join("/")
}

/// The doublestar glob as an anchored regular expression over `/`-separated paths: `*` and
/// `?` stay inside one component, a `**` component spans any number of them, `[...]` and
/// `{a,b}` as in doublestar, `\` escapes. `None` for a malformed pattern.
fn glob_regex(full: &str) -> Option<regex::Regex> {
    let comps: Vec<&str> = full.split('/').collect();
    let mut re = String::from("^");
    for (i, comp) in comps.iter().enumerate() {
        let last = i + 1 == comps.len();
        if *comp == "**" {
            re.push_str(if last { ".*" } else { "(?:[^/]*/)*" });
            continue;
        }
        component_regex(comp, &mut re)?;
        if !last {
            re.push('/');
        }
    }
    re.push('$');
    regex::RegexBuilder::new(&re)
        .size_limit(1 << 20)
        .nest_limit(64)
        .build()
        .ok()
}

fn component_regex(comp: &str, re: &mut String) -> Option<()> {
    let mut chars = comp.chars().peekable();
    let mut alternatives = 0usize;
    while let Some(c) = chars.next() {
        match c {
            '*' => {
                while chars.peek() == Some(&'*') {
                    chars.next();
                }
                re.push_str("[^/]*");
            }
            '?' => re.push_str("[^/]"),
            '\\' => re.push_str(&regex::escape(&chars.next()?.to_string())),
            '[' => {
                re.push('[');
                if matches!(chars.peek(), Some('!' | '^')) {
                    chars.next();
                    re.push('^');
                }
                let mut closed = false;
                for c in chars.by_ref() {
                    if c == ']' {
                        closed = true;
                        break;
                    }
                    if matches!(c, '[' | '&' | '~' | '\\') {
                        re.push('\\');
                    }
                    re.push(c);
                }
                if !closed {
                    return None;
                }
                re.push(']');
            }
            '{' => {
                alternatives += 1;
                re.push_str("(?:");
            }
            ',' if alternatives > 0 => re.push('|'),
            '}' if alternatives > 0 => {
                alternatives -= 1;
                re.push(')');
            }
            other => re.push_str(&regex::escape(&other.to_string())),
        }
    }
    (alternatives == 0).then_some(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn globs_follow_doublestar() {
        let m = |pat: &str, path: &str| glob_regex(pat).unwrap().is_match(path);
        assert!(m("/t/*.json", "/t/a.json"));
        assert!(!m("/t/*.json", "/t/d/a.json"));
        assert!(m("/t/**/*.json", "/t/a.json"));
        assert!(m("/t/**/*.json", "/t/d/e/a.json"));
        assert!(m("/t/**", "/t/d/e/a.json"));
        assert!(m("/t/{a,b}*.tpl", "/t/b1.tpl"));
        assert!(!m("/t/{a,b}*.tpl", "/t/c1.tpl"));
        assert!(m("/t/[!x]?.txt", "/t/ab.txt"));
        assert!(!m("/t/[!x]?.txt", "/t/xb.txt"));
        assert!(m("/t/*", "/t/.hidden"));
        assert!(glob_regex("/t/[ab").is_none());
        assert_eq!(literal_prefix("/t/d/**/*.json"), "/t/d");
        assert_eq!(literal_prefix("/*"), "/");
        assert_eq!(relative("/t/a", "/t/a/b/c.txt"), "b/c.txt");
        assert_eq!(relative("/t/a", "/t/x/c.txt"), "../x/c.txt");
    }
}

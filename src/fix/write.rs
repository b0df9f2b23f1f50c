//! Writing fixed files: only a regular file pe-lint read, inside one of the trees being
//! checked, reached through no link, unchanged since it was read; replaced atomically.

use std::io::Write as _;
use std::path::{Path, PathBuf};

use super::Change;
use crate::diag::Diagnostic;
use crate::source::Sources;

/// Write every change; a change that cannot be made safely is an error naming the file, and
/// the others are still written. Returns the files written (their display names) and errors.
pub fn write(
    sources: &Sources,
    changes: &[Change],
    trees: &[PathBuf],
) -> (Vec<String>, Vec<Diagnostic>) {
    let canon_trees: Vec<PathBuf> = trees
        .iter()
        .filter_map(|t| std::fs::canonicalize(t).ok())
        .collect();
    let mut written = Vec::new();
    let mut errors = Vec::new();
    for c in changes {
        let file = sources.get(c.file);
        match write_one(&file.path, c, &canon_trees) {
            Ok(()) => written.push(file.display.clone()),
            Err(why) => errors.push(Diagnostic::error(
                "fix-not-written",
                format!(
                    "{}: the fix was not written: {why}",
                    crate::escape::line(&file.display)
                ),
            )),
        }
    }
    (written, errors)
}

fn write_one(path: &Path, c: &Change, canon_trees: &[PathBuf]) -> Result<(), String> {
    let meta = std::fs::symlink_metadata(path).map_err(|e| e.to_string())?;
    if !meta.file_type().is_file() {
        return Err("it is a link or not a regular file".to_string());
    }
    let canon = std::fs::canonicalize(path).map_err(|e| e.to_string())?;
    let tree = canon_trees
        .iter()
        .find(|t| canon.starts_with(t))
        .ok_or("it is outside the checked tree")?;
    if through_link(path, tree) {
        return Err("its path goes through a link".to_string());
    }
    let limit = c.before.len() as u64 + 1;
    let now = crate::files::read_bytes(path, Some(tree), limit).map_err(|e| format!("{e:?}"))?;
    if now != c.before.as_bytes() {
        return Err("it changed since pe-lint read it".to_string());
    }
    let folder = canon.parent().ok_or("it has no folder")?;
    let name = canon
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let mut tmp = tempfile::Builder::new()
        .prefix(&format!(".{name}."))
        .suffix(".tmp")
        .tempfile_in(folder)
        .map_err(|e| e.to_string())?;
    tmp.write_all(c.after.as_bytes())
        .map_err(|e| e.to_string())?;
    tmp.flush().map_err(|e| e.to_string())?;
    // The fixed file keeps the original's permissions (tempfile creates 0600).
    tmp.as_file()
        .set_permissions(meta.permissions())
        .map_err(|e| e.to_string())?;
    tmp.persist(&canon).map_err(|e| e.error.to_string())?;
    Ok(())
}

/// Does any folder between the tree and the file, as the path names them, resolve elsewhere
/// than where it lies? (The canonical path is inside the tree; a link on the way would still
/// mean the file is not where the tree says it is.)
fn through_link(path: &Path, tree: &Path) -> bool {
    let abs = crate::files::absolute(path);
    let mut cur = abs.as_path();
    while let Some(parent) = cur.parent() {
        let Ok(canon) = std::fs::canonicalize(parent) else {
            return true;
        };
        if canon == tree || !canon.starts_with(tree) {
            break;
        }
        if std::fs::symlink_metadata(parent).is_ok_and(|m| m.file_type().is_symlink()) {
            return true;
        }
        cur = parent;
    }
    false
}

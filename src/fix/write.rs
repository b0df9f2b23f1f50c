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
    let trees: Vec<PathBuf> = trees.iter().map(|t| crate::files::absolute(t)).collect();
    let mut written = Vec::new();
    let mut errors = Vec::new();
    for c in changes {
        let file = sources.get(c.file);
        match write_one(&file.path, c, &trees) {
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

fn write_one(path: &Path, c: &Change, trees: &[PathBuf]) -> Result<(), String> {
    let abs = crate::files::absolute(path);
    let tree = trees
        .iter()
        .find(|b| abs.starts_with(b))
        .ok_or("it is outside the checked tree")?;
    let canon_base = std::fs::canonicalize(tree).map_err(|e| e.to_string())?;
    // Links are looked for from the working directory down when the tree is below it, so a
    // tree named through a link is refused too.
    let cwd = std::env::current_dir().unwrap_or_default();
    let base = if tree.starts_with(&cwd) { &cwd } else { tree };
    if through_link(&abs, base) {
        return Err("its path goes through a link".to_string());
    }
    let meta = std::fs::symlink_metadata(&abs).map_err(|e| e.to_string())?;
    if !meta.file_type().is_file() {
        return Err("it is a link or not a regular file".to_string());
    }
    let canon = std::fs::canonicalize(&abs).map_err(|e| e.to_string())?;
    if !canon.starts_with(&canon_base) {
        return Err("it is outside the checked tree".to_string());
    }
    let limit = c.before.len() as u64 + 1;
    let now = crate::files::read_bytes(&canon, Some(&canon_base), limit)
        .map_err(|e| format!("it cannot be read again ({e:?})"))?;
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

/// Is any folder between `base` and the file, as the path names them, a link?
fn through_link(abs: &Path, base: &Path) -> bool {
    let mut cur = abs.parent();
    while let Some(dir) = cur {
        if dir == base || !dir.starts_with(base) {
            return false;
        }
        if std::fs::symlink_metadata(dir).map_or(true, |m| m.file_type().is_symlink()) {
            return true;
        }
        cur = dir.parent();
    }
    false
}

//! Walk the paths given on the command line and collect Terraform files, grouped by directory
//! (a directory is a Terraform module). The result is sorted, so nothing later depends on the
//! order of the walk.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use walkdir::WalkDir;

use crate::diag::Diagnostic;
use crate::parse::FileKind;

#[derive(Default, Debug)]
pub struct Discovery {
    /// Every directory holding `.tf`/`.tf.json` files, with those files (sorted).
    pub modules: BTreeMap<PathBuf, Vec<PathBuf>>,
    /// `.tfvars`/`.tfvars.json` files per directory.
    pub tfvars: BTreeMap<PathBuf, Vec<PathBuf>>,
    /// Directories named on the command line (or holding a file named there).
    pub requested: BTreeSet<PathBuf>,
    /// Directories named through a file argument: only these modules are checked there.
    pub file_args: BTreeSet<PathBuf>,
    /// The tree that file access is confined to: the git work tree around the first path, or
    /// the path itself.
    pub boundary: PathBuf,
    pub diagnostics: Vec<Diagnostic>,
}

impl Discovery {
    pub fn all_files(&self) -> Vec<PathBuf> {
        let mut all: Vec<PathBuf> = self
            .modules
            .values()
            .chain(self.tfvars.values())
            .flatten()
            .cloned()
            .collect();
        all.sort();
        all.dedup();
        all
    }
}

fn is_skipped_dir(name: &str) -> bool {
    name.starts_with('.') && name != "." && name != ".."
}

/// Make a path absolute without resolving symlinks.
pub fn absolute(p: &Path) -> PathBuf {
    if p.is_absolute() {
        normalize(p)
    } else {
        normalize(&std::env::current_dir().unwrap_or_default().join(p))
    }
}

/// Lexically remove `.` and `..` components.
pub fn normalize(p: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in p.components() {
        match c {
            std::path::Component::CurDir => {}
            std::path::Component::ParentDir => {
                out.pop();
            }
            other => out.push(other.as_os_str()),
        }
    }
    out
}

/// The enclosing git work tree, if any.
pub fn git_root(start: &Path) -> Option<PathBuf> {
    let mut dir = Some(start);
    while let Some(d) = dir {
        if d.join(".git").exists() {
            return Some(d.to_path_buf());
        }
        dir = d.parent();
    }
    None
}

/// The canonical form of a directory (symlinks resolved), or its absolute form when it
/// cannot be resolved.
pub fn canonical(p: &Path) -> PathBuf {
    std::fs::canonicalize(p).unwrap_or_else(|_| absolute(p))
}

/// A file found inside a tree may be read only if it really lies inside that tree: a symbolic
/// link (or a path through one) that resolves outside `canon_tree` is refused, so that nothing
/// from outside the tree (`/etc/passwd`, the runner's credentials) can end up in a report.
pub fn check_inside(path: &Path, canon_tree: &Path) -> Result<(), Diagnostic> {
    match std::fs::canonicalize(path) {
        Ok(c) if c.starts_with(canon_tree) => Ok(()),
        Ok(_) => Err(Diagnostic::error(
            "outside-tree",
            format!(
                "{} is a symbolic link to a file outside the scanned tree; it was not read",
                crate::source::display_path(path)
            ),
        )
        .with_help(
            "pe-lint reads only files inside the tree it checks (the git work tree around the \
             first path); replace the link with the file itself",
        )),
        Err(e) => Err(Diagnostic::error(
            "io-error",
            format!("cannot read {}: {e}", crate::source::display_path(path)),
        )),
    }
}

/// A `--var-file` is named by whoever runs pe-lint and may lie anywhere; but one inside the
/// scanned tree (which the change under review controls) must not be a link out of it.
pub fn check_var_file(path: &Path, boundary: &Path) -> Result<(), Diagnostic> {
    if boundary.as_os_str().is_empty() || !absolute(path).starts_with(absolute(boundary)) {
        return Ok(());
    }
    check_inside(path, &canonical(boundary)).map_err(|d| Diagnostic {
        message: format!("--var-file {}", d.message),
        ..d
    })
}

/// The tree a path given on the command line belongs to: its git work tree, or the directory
/// itself.
fn tree_of(path: &Path) -> PathBuf {
    let base = if path.is_dir() {
        path.to_path_buf()
    } else {
        path.parent().map(Path::to_path_buf).unwrap_or_default()
    };
    git_root(&base).unwrap_or(base)
}

pub fn discover(paths: &[PathBuf]) -> Discovery {
    let mut d = Discovery::default();
    for (i, raw) in paths.iter().enumerate() {
        let path = absolute(raw);
        if !path.exists() {
            d.diagnostics.push(
                Diagnostic::error(
                    "missing-path",
                    format!("{}: no such file or directory", raw.display()),
                )
                .with_help("check the path; pe-lint never treats a missing path as a clean pass"),
            );
            continue;
        }
        let tree = tree_of(&path);
        if i == 0 || d.boundary.as_os_str().is_empty() {
            d.boundary = tree.clone();
        }
        let canon_tree = canonical(&tree);
        if path.is_file() {
            add_file_arg(&mut d, &path, raw, &canon_tree);
        } else {
            d.requested.insert(path.clone());
            walk_dir(&mut d, &path, &canon_tree);
        }
    }
    for files in d.modules.values_mut().chain(d.tfvars.values_mut()) {
        files.sort();
        files.dedup();
    }
    d
}

fn add_file_arg(d: &mut Discovery, path: &Path, raw: &Path, canon_tree: &Path) {
    let Some(kind) = FileKind::of(path) else {
        d.diagnostics.push(Diagnostic::warning(
            "not-terraform",
            format!(
                "{} is not a Terraform file (.tf, .tf.json, .tfvars, .tfvars.json); skipped",
                raw.display()
            ),
        ));
        return;
    };
    let dir = path.parent().map(Path::to_path_buf).unwrap_or_default();
    d.requested.insert(dir.clone());
    d.file_args.insert(dir.clone());
    let _ = kind;
    // The whole module the file belongs to is checked, with its variables and tfvars.
    collect_dir_files(d, &dir, canon_tree);
}

fn collect_dir_files(d: &mut Discovery, dir: &Path, canon_tree: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let p = e.path();
        let Ok(ft) = e.file_type() else { continue };
        if ft.is_file() {
            add_found(d, &p);
        } else if ft.is_symlink() {
            add_link(d, &p, canon_tree);
        }
    }
}

/// A symbolic link named like a Terraform file: taken when it resolves to a file inside the
/// tree; refused (an error, since part of the configuration is then unchecked) when it points
/// outside the tree or does not resolve to a file. Links to directories are not followed.
fn add_link(d: &mut Discovery, path: &Path, canon_tree: &Path) {
    if FileKind::of(path).is_none() || path.is_dir() {
        return;
    }
    if !path.is_file() {
        d.diagnostics.push(Diagnostic::error(
            "io-error",
            format!(
                "cannot read {}: it is a symbolic link that does not lead to a file (dangling, or a loop)",
                crate::source::display_path(path)
            ),
        ));
        return;
    }
    match check_inside(path, canon_tree) {
        Ok(()) => add_found(d, path),
        Err(diag) => d.diagnostics.push(diag),
    }
}

fn walk_dir(d: &mut Discovery, root: &Path, canon_tree: &Path) {
    let walker = WalkDir::new(root)
        .follow_links(false)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| {
            e.depth() == 0
                || !e.file_type().is_dir()
                || !e.file_name().to_str().is_some_and(is_skipped_dir)
        });
    for entry in walker {
        match entry {
            Ok(e) => {
                let ft = e.file_type();
                // Symlinked files are read when they resolve to a file; symlinked directories
                // are not followed (no loops, no escaping the tree).
                if ft.is_file() {
                    add_found(d, e.path());
                } else if ft.is_symlink() {
                    add_link(d, e.path(), canon_tree);
                }
            }
            Err(err) => {
                let p = err
                    .path()
                    .map(|p| p.display().to_string())
                    .unwrap_or_default();
                d.diagnostics.push(Diagnostic::error(
                    "io-error",
                    format!("cannot read {p}: {err}"),
                ));
            }
        }
    }
}

fn add_found(d: &mut Discovery, path: &Path) {
    let Some(kind) = FileKind::of(path) else {
        return;
    };
    let dir = path.parent().map(Path::to_path_buf).unwrap_or_default();
    let list = if kind.is_config() {
        d.modules.entry(dir).or_default()
    } else {
        d.tfvars.entry(dir).or_default()
    };
    list.push(path.to_path_buf());
}

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
    /// Child modules named through a file argument and checked through the roots that call
    /// them (see `resolve_file_args`): only findings in these modules (and what they call) are
    /// reported from those roots.
    pub focus: BTreeSet<PathBuf>,
    /// Roots added only to give `focus` modules their context (not requested themselves).
    pub context_roots: BTreeSet<PathBuf>,
    /// Non-auto tfvars files named on the command line: (var file, the root it is for). Each
    /// is evaluated as its own variant of the root, as `terraform plan -var-file` would.
    pub var_file_args: Vec<(PathBuf, PathBuf)>,
    /// The tree that file access is confined to: the git work tree around the first path, or
    /// the path itself.
    pub boundary: PathBuf,
    pub diagnostics: Vec<Diagnostic>,
    /// Files refused without being read (links out of the tree or to nothing), with why: the
    /// run reports each at its file.
    pub refused: Vec<(PathBuf, Diagnostic)>,
    /// Canonical directories already walked (the walk roots, and link targets once each).
    pub walked_links: BTreeSet<PathBuf>,
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

/// Hidden directories (`.git`, `.terraform`), by the name's bytes so that a name that is not
/// UTF-8 is judged like any other.
fn is_skipped_dir(name: &std::ffi::OsStr) -> bool {
    let b = name.as_encoded_bytes();
    b.starts_with(b".") && b != b"." && b != b".."
}

/// The configuration file's name: found by discovery like a Terraform file, so that one that
/// is not a regular file is reported rather than silently replaced by the defaults.
const CONFIG_NAME: &str = ".pe-lint.hcl";

/// Whether pe-lint would read a file of this name: Terraform files and the configuration.
fn is_read_by_name(path: &Path) -> bool {
    FileKind::of(path).is_some() || path.file_name().is_some_and(|n| n == CONFIG_NAME)
}

// Path helpers live with the bounded reads and writes (base layer), which need them too.
pub use crate::files::{absolute, canonical, git_root, normalize};

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

/// The tree of a run: that of its first path (the working directory when none is given).
pub fn tree_of_paths(paths: &[PathBuf]) -> PathBuf {
    tree_of(&absolute(
        paths.first().map_or(Path::new("."), PathBuf::as_path),
    ))
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
    resolve_file_args(&mut d);
    for files in d.modules.values_mut().chain(d.tfvars.values_mut()) {
        files.sort();
        files.dedup();
    }
    d
}

fn add_file_arg(d: &mut Discovery, path: &Path, raw: &Path, canon_tree: &Path) {
    if is_ignored_config(path) {
        // Named on purpose (a hook's list of changed files): say why it is not checked.
        d.diagnostics.push(
            Diagnostic::warning(
                "ignored-by-terraform",
                format!(
                    "{}: Terraform ignores this file (its name starts with `.` or `#`, or ends with `~`); not checked",
                    raw.display()
                ),
            )
            .with_help("rename it if it is meant to be configuration"),
        );
        return;
    }
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
    if !(kind.is_config() || is_auto_var_file(path) && has_config(&dir)) {
        // A var file that Terraform does not load by itself (environments/prod.tfvars): check
        // the root it belongs to with it, as `-var-file` does.
        if let Some(root) = module_dir_at_or_above(&dir, &d.boundary) {
            d.var_file_args.push((path.to_path_buf(), root.clone()));
            collect_dir_files(d, &root, canon_tree);
            collect_dir_files(d, &dir, canon_tree);
        } else {
            d.diagnostics.push(Diagnostic::warning(
                "no-module",
                format!(
                    "{}: no Terraform module in its directory or above it; not checked",
                    raw.display()
                ),
            ));
        }
        return;
    }
    d.requested.insert(dir.clone());
    d.file_args.insert(dir.clone());
    // The whole module the file belongs to is checked, with its variables and tfvars.
    collect_dir_files(d, &dir, canon_tree);
}

/// A `.tf`/`.tf.json` file whose name Terraform's loader skips.
fn is_ignored_config(path: &Path) -> bool {
    path.file_name().is_some_and(|n| {
        let name = n.as_encoded_bytes();
        FileKind::of_name(name).is_some_and(FileKind::is_config)
            && crate::parse::ignored_by_terraform(name)
    })
}

fn is_auto_var_file(path: &Path) -> bool {
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
    matches!(name, "terraform.tfvars" | "terraform.tfvars.json")
        || name.ends_with(".auto.tfvars")
        || name.ends_with(".auto.tfvars.json")
}

/// Whether `dir` holds `.tf`/`.tf.json` files (is a Terraform module).
fn has_config(dir: &Path) -> bool {
    std::fs::read_dir(dir).is_ok_and(|entries| {
        entries
            .flatten()
            .any(|e| FileKind::of(&e.path()).is_some_and(FileKind::is_config) && e.path().is_file())
    })
}

/// The nearest module directory at or above `dir`, not leaving `boundary`.
fn module_dir_at_or_above(dir: &Path, boundary: &Path) -> Option<PathBuf> {
    let mut cur = Some(dir);
    while let Some(c) = cur {
        if has_config(c) {
            return Some(c.to_path_buf());
        }
        if c == boundary || !c.starts_with(boundary) {
            return None;
        }
        cur = c.parent();
    }
    None
}

/// Upper bound on directory entries visited when looking for the callers of a module.
const CALLER_SEARCH_LIMIT: usize = 200_000;

/// A file argument in a child module (`modules/s3/main.tf`) is checked the way Terraform sees
/// that module: through the roots that call it, with their variables and tfvars. Callers are
/// looked for outward from the module, the way modules are laid out: first the module's own
/// directory tree (`examples/complete` calling `../..`), then its parent's, one level up at a
/// time, stopping at the first level that holds a caller, or at the git work tree (the
/// `boundary`). Only the `source` lines of `.tf` files are read. This keeps a pre-commit run
/// on one changed module from reading a whole monorepo. A module that nothing calls is checked
/// as a root of its own, as before.
fn resolve_file_args(d: &mut Discovery) {
    let candidates: Vec<PathBuf> = d
        .file_args
        .iter()
        .filter(|dir| *dir != &d.boundary && dir.starts_with(&d.boundary) && has_config(dir))
        .cloned()
        .collect();
    if candidates.is_empty() {
        return;
    }
    let canon_boundary = canonical(&d.boundary);
    let mut index = CallIndex::default();
    for dir in candidates {
        let roots = roots_calling(d, &mut index, &dir);
        if roots.is_empty() {
            continue;
        }
        d.requested.remove(&dir);
        d.focus.insert(dir.clone());
        for r in roots {
            if !d.requested.contains(&r) {
                d.context_roots.insert(r.clone());
                d.requested.insert(r.clone());
                collect_dir_files(d, &r, &canon_boundary);
            }
        }
    }
    // A root that was also named on the command line is checked in full.
    let named: BTreeSet<PathBuf> = d.file_args.difference(&d.focus).cloned().collect();
    d.context_roots.retain(|r| !named.contains(r));
}

/// Local module calls found so far (callee -> callers), and the directory trees already read.
#[derive(Default)]
struct CallIndex {
    callers: BTreeMap<PathBuf, BTreeSet<PathBuf>>,
    walked: BTreeSet<PathBuf>,
    entries: usize,
}

impl CallIndex {
    fn add(&mut self, calls: BTreeMap<PathBuf, BTreeSet<PathBuf>>) {
        for (caller, targets) in calls {
            for t in targets {
                if t != caller {
                    self.callers.entry(t).or_default().insert(caller.clone());
                }
            }
        }
    }

    /// The roots above `dir` in the call graph known so far (callers nobody calls).
    fn roots_above(&self, dir: &Path) -> BTreeSet<PathBuf> {
        let mut roots = BTreeSet::new();
        let mut seen = BTreeSet::from([dir.to_path_buf()]);
        let mut stack: Vec<&PathBuf> = self.callers.get(dir).into_iter().flatten().collect();
        while let Some(c) = stack.pop() {
            if !seen.insert(c.clone()) {
                continue;
            }
            match self.callers.get(c) {
                Some(up) if !up.is_empty() => stack.extend(up.iter()),
                _ => {
                    roots.insert(c.clone());
                }
            }
        }
        roots
    }
}

/// Widen the searched tree one directory level at a time until it holds a caller of `dir`.
fn roots_calling(d: &mut Discovery, index: &mut CallIndex, dir: &Path) -> BTreeSet<PathBuf> {
    let mut scope = dir.to_path_buf();
    loop {
        if !index.walked.iter().any(|w| scope.starts_with(w)) {
            let calls = local_module_calls(d, index, &scope);
            index.add(calls);
            index.walked.retain(|w| !w.starts_with(&scope));
            index.walked.insert(scope.clone());
        }
        let roots = index.roots_above(dir);
        if !roots.is_empty() || scope == d.boundary || index.entries >= CALLER_SEARCH_LIMIT {
            return roots;
        }
        match scope.parent() {
            Some(p) if p.starts_with(&d.boundary) => scope = p.to_path_buf(),
            _ => return roots,
        }
    }
}

/// Every module directory under `scope` (but not under a tree already walked) with the local
/// directories its `module` blocks call. Reads only `source = "./..."` / `"source": "../..."` (or `.\\...`)
/// lines: the real parse later decides what is a module call; this only finds candidate
/// callers quickly.
fn local_module_calls(
    d: &mut Discovery,
    index: &mut CallIndex,
    scope: &Path,
) -> BTreeMap<PathBuf, BTreeSet<PathBuf>> {
    use std::sync::OnceLock;
    static SOURCE: OnceLock<regex::Regex> = OnceLock::new();
    let re = SOURCE.get_or_init(|| {
        regex::Regex::new(r#"(?m)^\s*"?source"?\s*[=:]\s*"(\.\.?(?:[/\\][^"]*)?)""#).unwrap()
    });
    let mut out: BTreeMap<PathBuf, BTreeSet<PathBuf>> = BTreeMap::new();
    let canon_boundary = canonical(&d.boundary);
    let walked = &index.walked;
    let walker = WalkDir::new(scope)
        .follow_links(false)
        .into_iter()
        .filter_entry(|e| {
            e.depth() == 0
                || !e.file_type().is_dir()
                || !(is_skipped_dir(e.file_name())
                    || walked.contains(e.path())
                    // Cache directories (a build's target/, for one) hold no sources.
                    || e.path().join("CACHEDIR.TAG").exists())
        });
    for entry in walker.flatten() {
        index.entries += 1;
        if index.entries > CALLER_SEARCH_LIMIT {
            d.diagnostics.push(Diagnostic::warning(
                "caller-search-limit",
                format!(
                    "stopped looking for the callers of changed modules after {CALLER_SEARCH_LIMIT} entries under {}; \
                     modules whose callers were not found are checked on their own",
                    crate::source::display_path(&d.boundary)
                ),
            ));
            break;
        }
        if !entry.file_type().is_file()
            || !FileKind::of(entry.path()).is_some_and(FileKind::is_config)
        {
            continue;
        }
        // Oversized files are refused (and reported) when parsed; never read them whole here.
        if entry
            .metadata()
            .map_or(true, |m| m.len() > crate::parse::MAX_FILE_BYTES)
        {
            continue;
        }
        // Only a hint for finding callers: a file that cannot be read is reported when parsed.
        let Ok(text) = crate::files::read_text(
            entry.path(),
            Some(&canon_boundary),
            crate::parse::MAX_FILE_BYTES,
        ) else {
            continue;
        };
        if !text.contains("source") {
            continue;
        }
        let dir = entry
            .path()
            .parent()
            .map(Path::to_path_buf)
            .unwrap_or_default();
        for c in re.captures_iter(&text) {
            // The string as written, escapes and all: `.\\mod\\x` is the path `.\mod\x`.
            let Some(local) = local_source(&c[1].replace("\\\\", "\\")) else {
                continue;
            };
            out.entry(dir.clone())
                .or_default()
                .insert(normalize(&dir.join(local)));
        }
    }
    out
}

/// A local module source as Terraform reads it (`addrs.ParseModuleSource`): one that starts
/// with `./`, `../`, `.\` or `..\`; backslashes are separators on every platform, and the
/// path is cleaned, so `./mod/`, `./mod//sub` and `.\mod\sub` name `./mod` and
/// `./mod/sub`. `None` for any other (remote) source.
pub fn local_source(src: &str) -> Option<String> {
    const PREFIXES: [&str; 4] = ["./", "../", ".\\", "..\\"];
    if !(PREFIXES.iter().any(|p| src.starts_with(p)) || src == "." || src == "..") {
        return None;
    }
    let slashed = src.replace('\\', "/");
    let parts: Vec<&str> = slashed
        .split('/')
        .filter(|p| !p.is_empty() && *p != ".")
        .collect();
    let joined = parts.join("/");
    Some(match joined.as_str() {
        "" => ".".to_string(),
        j if j == ".." || j.starts_with("../") => joined,
        _ => format!("./{joined}"),
    })
}

fn collect_dir_files(d: &mut Discovery, dir: &Path, canon_tree: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let p = e.path();
        let Ok(ft) = e.file_type() else { continue };
        add_entry(d, &p, ft, canon_tree);
    }
}

/// One entry of a directory, by its own kind (links not followed yet).
fn add_entry(d: &mut Discovery, path: &Path, ft: std::fs::FileType, canon_tree: &Path) {
    if ft.is_file() {
        add_found(d, path);
    } else if ft.is_symlink() {
        add_link(d, path, canon_tree);
    } else if !ft.is_dir() && is_read_by_name(path) {
        // A FIFO would block the run, a device never ends; skipping one silently would leave
        // part of the configuration (or the policy) unchecked.
        let refusal = crate::files::Refusal::NotRegular(crate::files::kind_of(&ft));
        let diag = refusal.diagnostic("io-error", "the file", path);
        d.refused.push((shown_path(path), diag));
    }
}

/// The path a refused file is registered under: itself, or, when it is not UTF-8, its escaped
/// form, so that reports show `kms\xff.tf` and never a raw or replaced byte.
fn shown_path(path: &Path) -> PathBuf {
    if path.to_str().is_some() {
        path.to_path_buf()
    } else {
        PathBuf::from(crate::files::escape_bytes(
            absolute(path).as_os_str().as_encoded_bytes(),
        ))
    }
}

/// A Terraform file whose path is not UTF-8 (`kms\377.tf`: git stores names as bytes and
/// Terraform reads it) is refused with an error naming it escaped: reports, SARIF locations and
/// baselines key files by their names as text, and a lossy name could match another file's.
fn refuse_non_utf8(d: &mut Discovery, path: &Path) -> bool {
    if path.to_str().is_some() {
        return false;
    }
    let diag = Diagnostic::error(
        "non-utf8-name",
        format!(
            "{} has a name that is not valid UTF-8; it was not checked",
            crate::files::shown(path)
        ),
    )
    .with_help("rename the file (and its directories) to UTF-8 names; Terraform reads it as it is, so the run cannot pass without it");
    d.refused.push((shown_path(path), diag));
    true
}

/// A symbolic link named like a Terraform file: taken when it resolves to a file inside the
/// tree; refused (an error, since part of the configuration is then unchecked) when it points
/// outside the tree or does not resolve to a file. A link to a directory is walked as
/// [`add_linked_dir`] says.
fn add_link(d: &mut Discovery, path: &Path, canon_tree: &Path) {
    if path.is_dir() {
        add_linked_dir(d, path, canon_tree);
        return;
    }
    if !is_read_by_name(path) {
        return;
    }
    if refuse_non_utf8(d, path) {
        return;
    }
    if !path.is_file() {
        let kind = std::fs::metadata(path)
            .map(|m| crate::files::kind_of(&m.file_type()))
            .unwrap_or("dangling link or a loop");
        let diag = Diagnostic::error(
            "io-error",
            format!(
                "cannot read {}: it is a symbolic link that does not lead to a regular file ({kind})",
                crate::source::display_path(path)
            ),
        );
        d.refused.push((path.to_path_buf(), diag));
        return;
    }
    match check_inside(path, canon_tree) {
        Ok(()) => add_found(d, path),
        Err(diag) => d.refused.push((path.to_path_buf(), diag)),
    }
}

/// A symbolic link to a directory (`live/prod -> ../stacks/prod`): Terraform loads a module
/// through it like any directory, so it is walked under the link's own path when its target
/// lies inside the tree. A link out of the tree is refused (an error: Terraform would load what
/// pe-lint cannot check). Each target is walked once, so a link to an ancestor ends.
fn add_linked_dir(d: &mut Discovery, path: &Path, canon_tree: &Path) {
    if path.file_name().is_some_and(is_skipped_dir) {
        return;
    }
    let Ok(target) = std::fs::canonicalize(path) else {
        return;
    };
    if !target.starts_with(canon_tree) {
        // Only names are listed out there, never read: a module there would be planned by
        // Terraform and not checked (an error); a link to anything else (`docs -> /srv/docs`)
        // is no configuration and stays quiet.
        if holds_config(&target) {
            let diag = Diagnostic::error(
                "outside-tree",
                format!(
                    "{} is a symbolic link to a directory outside the scanned tree; it was not read",
                    crate::source::display_path(path)
                ),
            )
            .with_help("pe-lint reads only files inside the tree it checks; check the target directory itself");
            d.refused.push((shown_path(path), diag));
        }
        return;
    }
    if !d.walked_links.insert(target) {
        return;
    }
    for w in walk(path, None).skip(1).collect::<Vec<_>>() {
        match w {
            Ok((p, ft)) => add_entry(d, &p, ft, canon_tree),
            Err(message) => d.diagnostics.push(Diagnostic::error("io-error", message)),
        }
    }
}

/// Whether a directory holds Terraform configuration files at its top level.
fn holds_config(dir: &Path) -> bool {
    std::fs::read_dir(dir).is_ok_and(|entries| {
        entries
            .flatten()
            .any(|e| FileKind::of(&e.path()).is_some_and(FileKind::is_config))
    })
}

fn walk_dir(d: &mut Discovery, root: &Path, canon_tree: &Path) {
    use rayon::prelude::*;
    d.walked_links.insert(canonical(root));
    // The directories at the top are walked in parallel and their entries applied in the order
    // one sorted walk would give, so the result is the same whatever the thread count.
    let top: Vec<Walked> = walk(root, Some(1)).collect();
    let subtrees: Vec<Vec<Walked>> = top
        .par_iter()
        .map(|w| match w {
            Ok((path, ft)) if ft.is_dir() && path != root => walk(path, None).skip(1).collect(),
            _ => Vec::new(),
        })
        .collect();
    for (w, below) in top.into_iter().zip(subtrees) {
        for w in std::iter::once(w).chain(below) {
            match w {
                // Symlinked files are read when they resolve to a file; symlinked directories
                // are not followed (no loops, no escaping the tree).
                Ok((path, ft)) => add_entry(d, &path, ft, canon_tree),
                Err(message) => d.diagnostics.push(Diagnostic::error("io-error", message)),
            }
        }
    }
}

type Walked = Result<(PathBuf, std::fs::FileType), String>;

/// A sorted walk that does not follow links or enter skipped directories.
fn walk(root: &Path, max_depth: Option<usize>) -> impl Iterator<Item = Walked> {
    let mut walker = WalkDir::new(root).follow_links(false).sort_by_file_name();
    if let Some(depth) = max_depth {
        walker = walker.max_depth(depth);
    }
    walker
        .into_iter()
        .filter_entry(|e| {
            e.depth() == 0 || !e.file_type().is_dir() || !is_skipped_dir(e.file_name())
        })
        .map(|entry| match entry {
            Ok(e) => Ok((e.path().to_path_buf(), e.file_type())),
            Err(err) => {
                let p = err
                    .path()
                    .map(|p| p.display().to_string())
                    .unwrap_or_default();
                Err(format!("cannot read {p}: {err}"))
            }
        })
}

fn add_found(d: &mut Discovery, path: &Path) {
    let Some(kind) = FileKind::of(path) else {
        return;
    };
    if refuse_non_utf8(d, path) {
        return;
    }
    let dir = path.parent().map(Path::to_path_buf).unwrap_or_default();
    let list = if kind.is_config() {
        d.modules.entry(dir).or_default()
    } else {
        d.tfvars.entry(dir).or_default()
    };
    list.push(path.to_path_buf());
}

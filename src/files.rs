//! The one way pe-lint reads a file that the checked tree decides about: configuration, rule
//! files, baselines, module manifests, tfvars, `file()` targets, sources.
//!
//! The tree is written by the author of the change under review, so nothing about a file is
//! trusted: its path must resolve (links included) inside the tree, it must be a regular file
//! (a FIFO would block the run, `/proc` and device files report a size of 0 and never end), and
//! it is read through a hard cap, never by trusting its metadata. A refusal names the file and
//! quotes none of its content.

use std::io::Read;
use std::path::{Path, PathBuf};

use crate::diag::Diagnostic;
use crate::source::display_path;

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

/// Why a file was not read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// The path, links resolved, lies outside the tree.
    Outside,
    /// Not a regular file: a FIFO, socket, device or directory (its kind).
    NotRegular(&'static str),
    /// Longer than the limit (the number of bytes seen, at most limit + 1).
    TooLarge { seen: u64, limit: u64 },
    /// The operating system's error.
    Io(String),
}

impl Refusal {
    /// The diagnostic for `path` (error, code `code` unless the refusal has its own), naming the
    /// file and never its content; `what` says what the file was for, e.g. "the configuration
    /// file" or "the baseline".
    pub fn diagnostic(&self, code: &'static str, what: &str, path: &Path) -> Diagnostic {
        let shown = shown(path);
        match self {
            Refusal::Outside => Diagnostic::error(
                "outside-tree",
                format!(
                    "{what} {shown} resolves to a path outside the scanned tree; it was not read"
                ),
            )
            .with_help(
                "pe-lint reads only files inside the tree it checks (the git work tree around \
                 the first path); replace the link with the file itself",
            ),
            Refusal::NotRegular(kind) => Diagnostic::error(
                "not-a-file",
                format!("{what} {shown} is a {kind}, not a regular file; it was not read"),
            )
            .with_help("commit a regular file in its place"),
            Refusal::TooLarge { seen, limit } => Diagnostic::error(
                "file-too-large",
                format!(
                    "{what} {shown} is {} bytes, over the limit of {limit} bytes; it was not read",
                    if *seen > *limit {
                        format!("more than {limit}")
                    } else {
                        seen.to_string()
                    }
                ),
            )
            .with_help("raise the limit with `--limit file-size=N` if this file is legitimate"),
            Refusal::Io(e) => Diagnostic::error(code, format!("cannot read {what} {shown}: {e}")),
        }
    }
}

/// A path as reports show it: [`display_path`] when it is UTF-8; otherwise its bytes with each
/// one that is not part of valid UTF-8 written `\xNN` (and `\` doubled), so that two
/// different names never show alike and no raw byte reaches a report.
pub fn shown(path: &Path) -> String {
    if path.to_str().is_some() {
        return display_path(path);
    }
    let rel = std::env::current_dir()
        .ok()
        .and_then(|cwd| path.strip_prefix(cwd).ok().map(Path::to_path_buf))
        .unwrap_or_else(|| path.to_path_buf());
    escape_bytes(rel.as_os_str().as_encoded_bytes())
}

/// Bytes as text: valid UTF-8 kept (a backslash doubled), every other byte `\xNN`.
pub fn escape_bytes(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len() + 8);
    for chunk in bytes.utf8_chunks() {
        out.push_str(&chunk.valid().replace('\\', "\\\\"));
        for b in chunk.invalid() {
            out.push_str(&format!("\\x{b:02x}"));
        }
    }
    out
}

/// Whether `path`, links resolved, lies inside `canon_tree` (itself canonical).
pub fn resolves_inside(path: &Path, canon_tree: &Path) -> Result<PathBuf, Refusal> {
    match std::fs::canonicalize(path) {
        Ok(c) if c.starts_with(canon_tree) => Ok(c),
        Ok(_) => Err(Refusal::Outside),
        Err(e) => Err(Refusal::Io(e.to_string())),
    }
}

/// Read at most `limit` bytes of `path`, which must resolve inside `canon_tree` when one is
/// given (`None`: a file the command line named, read wherever it is, with the same checks of
/// kind and size).
pub fn read_bytes(path: &Path, canon_tree: Option<&Path>, limit: u64) -> Result<Vec<u8>, Refusal> {
    let resolved = match canon_tree {
        Some(tree) => resolves_inside(path, tree)?,
        None => path.to_path_buf(),
    };
    let file = open_nonblocking(&resolved).map_err(|e| Refusal::Io(e.to_string()))?;
    // The kind of what was opened, not of what the path named a moment before.
    let meta = file.metadata().map_err(|e| Refusal::Io(e.to_string()))?;
    if !meta.is_file() {
        return Err(Refusal::NotRegular(kind_of(&meta.file_type())));
    }
    let mut bytes = Vec::with_capacity(meta.len().min(limit) as usize);
    file.take(limit.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(|e| Refusal::Io(e.to_string()))?;
    if bytes.len() as u64 > limit {
        return Err(Refusal::TooLarge {
            seen: bytes.len() as u64,
            limit,
        });
    }
    Ok(bytes)
}

/// [`read_bytes`], as UTF-8 text (a byte-order mark kept; invalid UTF-8 is an I/O refusal).
pub fn read_text(path: &Path, canon_tree: Option<&Path>, limit: u64) -> Result<String, Refusal> {
    let bytes = read_bytes(path, canon_tree, limit)?;
    String::from_utf8(bytes).map_err(|e| {
        Refusal::Io(format!(
            "it is not valid UTF-8 (at byte {})",
            e.utf8_error().valid_up_to()
        ))
    })
}

/// The kind of a file that is not a regular one, in words.
pub fn kind_of(t: &std::fs::FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if t.is_fifo() {
            return "FIFO (named pipe)";
        }
        if t.is_socket() {
            return "socket";
        }
        if t.is_char_device() {
            return "character device";
        }
        if t.is_block_device() {
            return "block device";
        }
    }
    if t.is_dir() {
        "directory"
    } else if t.is_symlink() {
        "symbolic link"
    } else if t.is_file() {
        "regular file"
    } else {
        "special file"
    }
}

/// Open for reading without blocking: opening a FIFO with no writer would otherwise wait
/// forever. The file is then checked to be a regular file, on which the flag changes nothing.
fn open_nonblocking(path: &Path) -> std::io::Result<std::fs::File> {
    let mut opts = std::fs::OpenOptions::new();
    opts.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        opts.custom_flags(libc::O_NONBLOCK);
    }
    opts.open(path)
}

/// Why an output was not written.
#[derive(Debug)]
pub enum WriteError {
    /// The folder, links resolved, leaves `boundary` although its path lies inside it: a link
    /// committed in the tree points the output elsewhere (or nowhere: a dangling link).
    Redirected {
        folder: PathBuf,
        boundary: PathBuf,
    },
    /// The output path names an existing folder; a report never replaces one.
    IsFolder(PathBuf),
    Io(std::io::Error),
}

impl std::fmt::Display for WriteError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            WriteError::Redirected { folder, boundary } => write!(
                f,
                "refusing to write into {}: a symbolic link in its path leads out of {} (or \
                 nowhere); replace the link with a real folder or choose another output path",
                display_path(folder),
                display_path(boundary)
            ),
            WriteError::IsFolder(p) => write!(
                f,
                "refusing to write to {}: it is a folder, not a file",
                display_path(p)
            ),
            WriteError::Io(e) => e.fmt(f),
        }
    }
}

impl From<std::io::Error> for WriteError {
    fn from(e: std::io::Error) -> Self {
        WriteError::Io(e)
    }
}

/// The boundaries an output named on the command line must not leave through a link: the
/// working directory and the tree of each scanned path (its git work tree, or the path itself).
/// [`write_output`] adds the working directory and the git work tree around the output itself
/// on its own, so a writer that knows no scanned paths is still covered.
pub fn output_boundaries(scanned: &[PathBuf]) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = Vec::new();
    if let Ok(cwd) = std::env::current_dir() {
        out.push(cwd);
    }
    for p in scanned {
        let abs = absolute(p);
        let base = if abs.is_dir() {
            abs.clone()
        } else {
            abs.parent().map(Path::to_path_buf).unwrap_or_default()
        };
        out.push(git_root(&base).unwrap_or(base));
    }
    out.sort();
    out.dedup();
    out
}

/// Write `bytes` to `path`, named on the command line, so that nothing in a checked tree can
/// redirect it: the folder (created when missing) must not leave any of `boundaries` (see
/// [`output_boundaries`]) through a link when its path lies inside one, and the file is written
/// to a fresh temporary file (random name, `O_EXCL`: a committed link or file with the same
/// name is never followed nor reused) in that folder and renamed over `path` (a rename replaces
/// a link at `path` instead of writing through it).
pub fn write_output(path: &Path, bytes: &[u8], boundaries: &[PathBuf]) -> Result<(), WriteError> {
    use std::io::Write as _;
    // One normalised path for every step: the kernel never resolves a `..` after a link.
    let abs = absolute(path);
    let Some(name) = abs.file_name().map(|n| n.to_string_lossy().into_owned()) else {
        return Err(WriteError::IsFolder(path.to_path_buf()));
    };
    let folder = abs.parent().map(Path::to_path_buf).unwrap_or_default();
    let mut all = boundaries.to_vec();
    all.extend(output_boundaries(&[]));
    all.extend(git_root(&folder));
    make_folder(&folder, &all)?;
    // A link at `path` is replaced below; a real folder is not.
    if std::fs::symlink_metadata(&abs).is_ok_and(|m| m.is_dir()) {
        return Err(WriteError::IsFolder(path.to_path_buf()));
    }
    // A character device (`-o /dev/null`, a terminal) is written in place: renaming over it
    // would replace the device node with a regular file for every later user of it.
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if std::fs::symlink_metadata(&abs).is_ok_and(|m| m.file_type().is_char_device()) {
            let mut f = std::fs::OpenOptions::new().write(true).open(&abs)?;
            f.write_all(bytes)?;
            return Ok(f.flush()?);
        }
    }
    let mut tmp = tempfile::Builder::new()
        .prefix(&format!(".{name}."))
        .suffix(".tmp")
        .tempfile_in(&folder)?;
    tmp.write_all(bytes)?;
    tmp.flush()?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        // Reports are read by other CI steps and people; tempfile creates 0600.
        tmp.as_file()
            .set_permissions(std::fs::Permissions::from_mode(0o644))?;
    }
    // On failure the temporary file is dropped, which removes it.
    tmp.persist(&abs).map_err(|e| WriteError::Io(e.error))?;
    Ok(())
}

/// Create `folder` (and its missing parents) after checking that the part of it that exists
/// does not lead out of a boundary its path lies in.
pub fn make_folder(folder: &Path, boundaries: &[PathBuf]) -> Result<(), WriteError> {
    let abs = absolute(folder);
    let mut existing = abs.as_path();
    while std::fs::symlink_metadata(existing).is_err() {
        match existing.parent() {
            Some(p) => existing = p,
            None => break,
        }
    }
    // A dangling link cannot be resolved: it would be followed by create_dir_all.
    let real = std::fs::canonicalize(existing).ok();
    for b in boundaries {
        let lexical = absolute(b);
        let canon_b = std::fs::canonicalize(&lexical).unwrap_or(lexical.clone());
        // A boundary counts when the output is named through it or through its real path.
        if !abs.starts_with(&lexical) && !abs.starts_with(&canon_b) {
            continue;
        }
        if !real.as_ref().is_some_and(|r| r.starts_with(&canon_b)) {
            return Err(WriteError::Redirected {
                folder: folder.to_path_buf(),
                boundary: lexical,
            });
        }
    }
    let Some(real) = real else {
        return Err(WriteError::Io(std::io::Error::other(format!(
            "{} leads through a link that points nowhere",
            display_path(folder)
        ))));
    };
    if existing != abs {
        std::fs::create_dir_all(&abs)?;
    } else if !real.is_dir() {
        return Err(WriteError::Io(std::io::Error::other(format!(
            "{} is not a folder",
            display_path(folder)
        ))));
    }
    Ok(())
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    fn canon(p: &Path) -> PathBuf {
        std::fs::canonicalize(p).unwrap()
    }

    #[test]
    fn reads_a_regular_file_inside_the_tree() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a.hcl"), "x = 1\n").unwrap();
        let tree = canon(dir.path());
        assert_eq!(
            read_text(&dir.path().join("a.hcl"), Some(&tree), 100).unwrap(),
            "x = 1\n"
        );
    }

    #[test]
    fn refuses_links_out_of_the_tree_and_special_files() {
        let dir = tempfile::tempdir().unwrap();
        let tree = dir.path().join("tree");
        std::fs::create_dir(&tree).unwrap();
        std::fs::write(dir.path().join("secret"), "SECRET").unwrap();
        std::os::unix::fs::symlink(dir.path().join("secret"), tree.join("s.hcl")).unwrap();
        std::os::unix::fs::symlink("/proc/self/environ", tree.join("env.hcl")).unwrap();
        let t = canon(&tree);
        assert_eq!(
            read_bytes(&tree.join("s.hcl"), Some(&t), 100),
            Err(Refusal::Outside)
        );
        assert_eq!(
            read_bytes(&tree.join("env.hcl"), Some(&t), 100),
            Err(Refusal::Outside)
        );
        assert_eq!(
            read_bytes(&tree.join("../secret"), Some(&t), 100),
            Err(Refusal::Outside)
        );
        // Named on the command line: read, but still through the cap and the kind check.
        assert!(matches!(
            read_bytes(Path::new("/proc/self/environ"), None, 100),
            Ok(_) | Err(Refusal::TooLarge { .. })
        ));
        assert!(matches!(
            read_bytes(Path::new("/dev/zero"), None, 100),
            Err(Refusal::NotRegular("character device"))
        ));
        assert!(matches!(
            read_bytes(&tree, None, 100),
            Err(Refusal::NotRegular("directory"))
        ));
    }

    #[test]
    fn a_fifo_is_refused_without_blocking() {
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("fifo.tf");
        let c = std::ffi::CString::new(fifo.as_os_str().as_encoded_bytes()).unwrap();
        // SAFETY: a valid NUL-terminated path.
        assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o644) }, 0);
        assert_eq!(
            read_bytes(&fifo, Some(&canon(dir.path())), 100),
            Err(Refusal::NotRegular("FIFO (named pipe)"))
        );
    }

    #[test]
    fn the_cap_holds_whatever_the_metadata_says() {
        // /proc files report a size of 0 and are longer.
        let r = read_bytes(Path::new("/proc/self/maps"), None, 10);
        assert_eq!(
            r,
            Err(Refusal::TooLarge {
                seen: 11,
                limit: 10
            })
        );
        let d = r
            .unwrap_err()
            .diagnostic("config-error", "the baseline", Path::new("b.json"));
        assert!(d.message.contains("more than 10"), "{}", d.message);
    }

    #[test]
    fn outputs_never_go_through_a_link_in_the_tree() {
        let dir = tempfile::tempdir().unwrap();
        let (tree, outside) = (dir.path().join("tree"), dir.path().join("outside"));
        std::fs::create_dir_all(tree.join("docs")).unwrap();
        std::fs::create_dir_all(&outside).unwrap();
        std::fs::write(outside.join("victim"), "keep").unwrap();
        std::os::unix::fs::symlink(&outside, tree.join("docs/evidence")).unwrap();
        std::os::unix::fs::symlink(outside.join("victim"), tree.join("report.txt")).unwrap();
        let b = [tree.clone()];
        // A folder that leaves the tree through a committed link is refused.
        let e = write_output(&tree.join("docs/evidence/sub/report.md"), b"x", &b).unwrap_err();
        assert!(matches!(e, WriteError::Redirected { .. }), "{e}");
        assert!(!outside.join("sub").exists());
        // A file that is a link is replaced, its target untouched.
        write_output(&tree.join("report.txt"), b"new", &b).unwrap();
        assert_eq!(
            std::fs::read_to_string(outside.join("victim")).unwrap(),
            "keep"
        );
        assert!(!std::fs::symlink_metadata(tree.join("report.txt"))
            .unwrap()
            .is_symlink());
        assert_eq!(
            std::fs::read_to_string(tree.join("report.txt")).unwrap(),
            "new"
        );
        // Outside every boundary, the command line decides.
        write_output(&outside.join("r.json"), b"{}", &b).unwrap();
        assert_eq!(std::fs::read_dir(&outside).unwrap().count(), 2);
    }
}

//! Filesystem functions (Terraform's `lang/funcs/filesystem.go`). Every read stays inside
//! [`FnCtx::boundary`], never follows a link out of it and is bounded by [`MAX_FILE_SIZE`].

use super::crypto::hash;
use super::encoding::b64_encode;
use super::*;

pub(super) const FUNCS: &[Builtin] = &[
    Builtin::new("file", 1, 1, |_, a, cx| {
        let p = str_arg(&a[0], "path")?;
        Ok(Value::string(read_file_in_tree(&p, cx)?))
    }),
    Builtin::new("fileexists", 1, 1, |_, a, cx| {
        let p = str_arg(&a[0], "path")?;
        fileexists(&p, cx)
    }),
    Builtin::new("filebase64", 1, 1, |name, a, cx| {
        let p = str_arg(&a[0], "path")?;
        let bytes = read_bytes_in_tree(&p, cx, name)?;
        Ok(Value::string(b64_encode(&bytes)))
    }),
    Builtin::new("basename", 1, 1, |_, a, _| {
        Ok(Value::string(go_base(&str_arg(&a[0], "path")?)))
    }),
    Builtin::new("dirname", 1, 1, |_, a, _| {
        Ok(Value::string(go_dir(&str_arg(&a[0], "path")?)))
    }),
    Builtin::new("abspath", 1, 1, |_, a, cx| abspath(&a[0], cx)),
    Builtin::new("pathexpand", 1, 1, |_, a, _| {
        let p = str_arg(&a[0], "path")?;
        if p.starts_with('~') {
            Ok(Value::unknown_from(Origin::new("pathexpand()")))
        } else {
            Ok(Value::string(p.into_owned()))
        }
    }),
    Builtin::new("filemd5", 1, 1, file_hash),
    Builtin::new("filesha1", 1, 1, file_hash),
    Builtin::new("filesha256", 1, 1, file_hash),
    Builtin::new("filesha512", 1, 1, file_hash),
    Builtin::new("filebase64sha256", 1, 1, file_hash),
    Builtin::new("filebase64sha512", 1, 1, file_hash),
];

/// `filemd5` and friends: the hash named by what follows `file`.
fn file_hash(name: &str, a: &[Value], cx: &mut FnCtx) -> FnResult<Value> {
    let p = str_arg(&a[0], "path")?;
    let bytes = read_bytes_in_tree(&p, cx, name)?;
    Ok(Value::string(hash(&name[4..], &bytes)))
}

fn abspath(path: &Value, cx: &FnCtx) -> FnResult<Value> {
    let p = str_arg(path, "path")?;
    let joined = if p.starts_with('/') {
        p.into_owned()
    } else {
        let cwd = match &cx.cwd {
            Some(c) => crate::discover::absolute(c),
            None => std::env::current_dir()
                .map_err(|e| bad(format!("cannot determine the working directory: {e}")))?,
        };
        format!("{}/{}", cwd.to_string_lossy(), p)
    };
    Ok(Value::string(go_clean(&joined)))
}

enum Resolved {
    Inside(PathBuf),
    Missing,
    Refused(&'static str),
}

use crate::files::normalize;

/// The canonical form of the boundary (what resolved paths are compared with).
pub(super) fn boundary_canonical(cx: &FnCtx) -> PathBuf {
    boundary_of(cx).1
}

fn boundary_of(cx: &FnCtx) -> (PathBuf, PathBuf) {
    let lexical = normalize(&cx.boundary);
    let canonical = std::fs::canonicalize(&cx.boundary).unwrap_or_else(|_| lexical.clone());
    (lexical, canonical)
}

fn resolve_in_tree(path: &str, cx: &FnCtx) -> Resolved {
    if path.is_empty() || path.contains('\0') {
        return Resolved::Missing;
    }
    let p = Path::new(path);
    let abs = if p.is_absolute() {
        p.to_path_buf()
    } else if let Some(cwd) = &cx.cwd {
        crate::discover::absolute(cwd).join(p)
    } else {
        match std::env::current_dir() {
            Ok(cwd) => cwd.join(p),
            Err(_) => return Resolved::Refused("the working directory is unknown"),
        }
    };
    let (_, boundary) = boundary_of(cx);
    match std::fs::canonicalize(&abs) {
        Ok(c) if c.starts_with(&boundary) => Resolved::Inside(c),
        Ok(_) => Resolved::Refused("it is outside the scanned tree"),
        Err(_) => {
            // Nothing there (or a dangling link). Decide by the nearest existing ancestor so
            // that nothing is learned about paths outside the tree.
            let norm = normalize(&abs);
            if std::fs::symlink_metadata(&norm).is_ok() {
                return Resolved::Refused("it is a symbolic link that cannot be followed");
            }
            let mut anc = norm.parent();
            while let Some(a) = anc {
                if let Ok(c) = std::fs::canonicalize(a) {
                    return if c.starts_with(&boundary) {
                        Resolved::Missing
                    } else {
                        Resolved::Refused("it is outside the scanned tree")
                    };
                }
                anc = a.parent();
            }
            Resolved::Refused("it is outside the scanned tree")
        }
    }
}

fn refuse(fname: &str, path: &str, reason: &str, cx: &mut FnCtx) -> FnError {
    let msg = format!("{fname}({path:?}) refused: {reason}");
    cx.warnings
        .push(format!("{msg}; its value is treated as unknown"));
    FnError::Invalid(msg)
}

fn read_bytes_in_tree(path: &str, cx: &mut FnCtx, fname: &str) -> Result<Vec<u8>, FnError> {
    let resolved = match resolve_in_tree(path, cx) {
        Resolved::Inside(p) => p,
        Resolved::Missing => {
            return Err(FnError::Invalid(format!("no file exists at {path:?}")));
        }
        Resolved::Refused(reason) => return Err(refuse(fname, path, reason, cx)),
    };
    // Through the one bounded read: a FIFO is never waited on, a device never read, and the
    // size is counted while reading, not trusted from the metadata.
    let (_, boundary) = boundary_of(cx);
    match crate::files::read_bytes(&resolved, Some(&boundary), MAX_FILE_SIZE) {
        Ok(buf) => Ok(buf),
        Err(crate::files::Refusal::TooLarge { .. }) => {
            Err(refuse(fname, path, "it is larger than the 4 MiB limit", cx))
        }
        // As Terraform: a directory is a plain error.
        Err(crate::files::Refusal::NotRegular("directory")) => {
            Err(FnError::Invalid(format!("{path:?} is not a regular file")))
        }
        Err(crate::files::Refusal::NotRegular(kind)) => {
            let reason = format!("it is a {kind}, not a regular file");
            Err(refuse(fname, path, &reason, cx))
        }
        Err(crate::files::Refusal::Outside) => {
            Err(refuse(fname, path, "it is outside the scanned tree", cx))
        }
        Err(crate::files::Refusal::Io(e)) => {
            Err(FnError::Invalid(format!("cannot read {path:?}: {e}")))
        }
    }
}

/// Read a UTF-8 text file that lies inside `cx.boundary` (after resolving symlinks). Refusals
/// push a warning onto `cx.warnings` (naming the path, never the content) and return
/// `Invalid`; the caller turns them into unknown values. Shared by `file()`, `templatefile()`
/// and the like.
pub fn read_file_in_tree(path: &str, cx: &mut FnCtx) -> Result<String, FnError> {
    read_file_for("file", path, cx)
}

/// [`read_file_in_tree`] on behalf of another function (`templatefile`, ...): its name is the
/// one shown in warnings.
pub fn read_file_for(func: &str, path: &str, cx: &mut FnCtx) -> Result<String, FnError> {
    let bytes = read_bytes_in_tree(path, cx, func)?;
    String::from_utf8(bytes).map_err(|_| {
        FnError::Invalid(format!(
            "contents of {path:?} are not valid UTF-8; use the filebase64 function to obtain the Base64 encoded contents"
        ))
    })
}

fn fileexists(path: &str, cx: &mut FnCtx) -> FnResult<Value> {
    match resolve_in_tree(path, cx) {
        Resolved::Inside(p) => {
            if p.is_file() {
                Ok(Value::Bool(true))
            } else {
                invalid(format!("{path:?} is not a regular file"))
            }
        }
        Resolved::Missing => Ok(Value::Bool(false)),
        Resolved::Refused(reason) => {
            refuse("fileexists", path, reason, cx);
            Ok(Value::unknown_from(Origin::new(format!(
                "fileexists({path:?})"
            ))))
        }
    }
}

/// Go's `path/filepath.Clean` (Unix).
pub(super) fn go_clean(path: &str) -> String {
    if path.is_empty() {
        return ".".into();
    }
    let rooted = path.starts_with('/');
    let mut parts: Vec<&str> = Vec::new();
    for c in path.split('/') {
        match c {
            "" | "." => {}
            ".." => {
                if parts.last().is_some_and(|l| *l != "..") {
                    parts.pop();
                } else if !rooted {
                    parts.push("..");
                }
            }
            other => parts.push(other),
        }
    }
    let joined = parts.join("/");
    match (rooted, joined.is_empty()) {
        (true, _) => format!("/{joined}"),
        (false, true) => ".".into(),
        (false, false) => joined,
    }
}

fn go_base(path: &str) -> String {
    if path.is_empty() {
        return ".".into();
    }
    let trimmed = path.trim_end_matches('/');
    if trimmed.is_empty() {
        return "/".into();
    }
    trimmed.rsplit('/').next().unwrap_or(trimmed).to_string()
}

fn go_dir(path: &str) -> String {
    match path.rfind('/') {
        Some(i) => go_clean(&path[..=i]),
        None => ".".into(),
    }
}

#[cfg(test)]
#[allow(clippy::cloned_ref_to_slice_refs, clippy::approx_constant)]
mod tests {
    use super::*;
    use crate::terraform::functions::test_support::*;

    // ---- files

    #[test]
    fn path_functions() {
        assert_eq!(ok("basename", &[s("/a/b/")]), s("b"));
        assert_eq!(ok("basename", &[s("")]), s("."));
        assert_eq!(ok("basename", &[s("foo/bar/baz.txt")]), s("baz.txt"));
        assert_eq!(ok("dirname", &[s("a/b/c.txt")]), s("a/b"));
        assert_eq!(ok("dirname", &[s("/a")]), s("/"));
        assert_eq!(ok("dirname", &[s("foo")]), s("."));
        assert_eq!(ok("abspath", &[s("/a/./b/../c")]), s("/a/c"));
        assert!(ok("abspath", &[s("x")]).as_str().unwrap().starts_with('/'));
        assert!(ok("pathexpand", &[s("~/.ssh/id_rsa")]).is_unknown());
        assert_eq!(ok("pathexpand", &[s("/etc/x")]), s("/etc/x"));
    }

    struct Tree {
        _dir: tempfile::TempDir,
        root: PathBuf,
        outside: PathBuf,
    }

    /// `<tmp>/tree` is the boundary; `<tmp>/secret.txt` lies outside it.
    fn tree() -> Tree {
        let dir = tempfile::tempdir().unwrap();
        let base = std::fs::canonicalize(dir.path()).unwrap();
        let root = base.join("tree");
        std::fs::create_dir_all(root.join("sub")).unwrap();
        std::fs::write(root.join("hello.txt"), "Hello World").unwrap();
        std::fs::write(root.join("sub/policy.json"), "{\"a\":1}").unwrap();
        std::fs::write(root.join("bin.dat"), [0xffu8, 0xfe, 0x00]).unwrap();
        let outside = base.join("secret.txt");
        std::fs::write(&outside, "TOP SECRET").unwrap();
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(&outside, root.join("link.txt")).unwrap();
            std::os::unix::fs::symlink("/etc", root.join("etc")).unwrap();
            std::os::unix::fs::symlink(root.join("hello.txt"), root.join("inner-link.txt"))
                .unwrap();
        }
        Tree {
            _dir: dir,
            root,
            outside,
        }
    }

    fn path_in(t: &Tree, rel: &str) -> Value {
        s(&format!("{}/{rel}", t.root.display()))
    }

    #[test]
    fn file_reads_inside_the_tree() {
        let t = tree();
        let mut c = FnCtx::new(&t.root);
        assert_eq!(
            call("file", &[path_in(&t, "hello.txt")], &mut c),
            Ok(s("Hello World"))
        );
        assert_eq!(
            call("file", &[path_in(&t, "sub/../sub/policy.json")], &mut c),
            Ok(s("{\"a\":1}"))
        );
        #[cfg(unix)]
        assert_eq!(
            call("file", &[path_in(&t, "inner-link.txt")], &mut c),
            Ok(s("Hello World"))
        );
        assert_eq!(
            call("filebase64", &[path_in(&t, "hello.txt")], &mut c),
            Ok(s("SGVsbG8gV29ybGQ="))
        );
        assert_eq!(
            call("filemd5", &[path_in(&t, "hello.txt")], &mut c),
            Ok(s("b10a8db164e0754105b7a99be72e3fe5"))
        );
        assert_eq!(
            call("filebase64", &[path_in(&t, "bin.dat")], &mut c),
            Ok(s("//4A"))
        );
        assert!(
            matches!(call("file", &[path_in(&t, "bin.dat")], &mut c), Err(FnError::Invalid(m)) if m.contains("UTF-8"))
        );
        assert!(
            matches!(call("file", &[path_in(&t, "missing.txt")], &mut c), Err(FnError::Invalid(m)) if m.contains("no file exists"))
        );
        assert!(matches!(
            call("file", &[path_in(&t, "sub")], &mut c),
            Err(FnError::Invalid(_))
        ));
        assert_eq!(
            call("fileexists", &[path_in(&t, "hello.txt")], &mut c),
            Ok(b(true))
        );
        assert_eq!(
            call("fileexists", &[path_in(&t, "nope.txt")], &mut c),
            Ok(b(false))
        );
        assert!(c.warnings.is_empty(), "{:?}", c.warnings);
        assert_eq!(
            read_file_in_tree(&format!("{}/hello.txt", t.root.display()), &mut c),
            Ok("Hello World".into())
        );
    }

    #[test]
    fn file_refuses_to_leave_the_tree() {
        let t = tree();
        let mut c = FnCtx::new(&t.root);
        let attempts = vec![
            s("/etc/passwd"),
            s(&t.outside.display().to_string()),
            path_in(&t, "../secret.txt"),
            path_in(&t, "sub/../../secret.txt"),
            path_in(&t, "../../../../../../../../etc/passwd"),
            #[cfg(unix)]
            path_in(&t, "link.txt"),
            #[cfg(unix)]
            path_in(&t, "etc/passwd"),
        ];
        for p in &attempts {
            for f in ["file", "filebase64", "filesha256"] {
                let r = call(f, &[p.clone()], &mut c);
                assert!(
                    matches!(r, Err(FnError::Invalid(ref m)) if m.contains("refused")),
                    "{f}({p:?}) gave {r:?}"
                );
            }
            let r = read_file_in_tree(p.as_str().unwrap(), &mut c);
            assert!(r.is_err());
            // fileexists outside the tree is unknown, not false
            let r = call("fileexists", &[p.clone()], &mut c).unwrap();
            assert!(r.is_unknown(), "fileexists({p:?}) gave {r:?}");
        }
        assert_eq!(c.warnings.len(), attempts.len() * 5);
        for w in &c.warnings {
            assert!(w.contains("refused"), "{w}");
            assert!(
                !w.contains("TOP SECRET") && !w.contains("root:"),
                "content leaked: {w}"
            );
        }
        // Nothing is learned about missing paths outside the tree either.
        let r = call("fileexists", &[path_in(&t, "../does-not-exist")], &mut c).unwrap();
        assert!(r.is_unknown());
        #[cfg(unix)]
        assert!(
            call("fileexists", &[path_in(&t, "etc/does-not-exist")], &mut c)
                .unwrap()
                .is_unknown()
        );
    }

    #[test]
    fn large_files_are_refused() {
        let t = tree();
        let big = t.root.join("big.txt");
        std::fs::write(&big, vec![b'a'; (MAX_FILE_SIZE + 1) as usize]).unwrap();
        let mut c = FnCtx::new(&t.root);
        let r = call("file", &[s(&big.display().to_string())], &mut c);
        assert!(
            matches!(r, Err(FnError::Invalid(ref m)) if m.contains("4 MiB")),
            "{r:?}"
        );
        assert_eq!(c.warnings.len(), 1);
    }
}

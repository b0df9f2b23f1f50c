//! Read and parse files in parallel. Every failure becomes a diagnostic with a location; a file
//! that fails does not stop the others.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use crate::diag::Diagnostic;
use crate::json;
use crate::lower::{self, HclLowerer, JsonMode};
use crate::source::{Comment, FileId, Layout, SourceFile, Sources, Span};
use crate::syntax::Body;

pub mod comments;

/// Default for the largest file read: larger ones are refused (a hostile tree must not exhaust
/// memory). Real Terraform files are kilobytes; `--limit file-size=N` raises it.
pub const MAX_FILE_BYTES: u64 = 32 * 1024 * 1024;
/// Default for the bytes read in one run, all files together (`--limit total-size=N`).
pub const MAX_TOTAL_BYTES: u64 = 256 * 1024 * 1024;

/// How much a run may read: per file, and what is left for the whole run.
#[derive(Clone, Debug)]
pub struct ReadLimits {
    pub max_file_bytes: u64,
    pub max_total_bytes: u64,
    /// Bytes accepted so far in this run.
    pub used: u64,
}

impl Default for ReadLimits {
    fn default() -> Self {
        ReadLimits {
            max_file_bytes: MAX_FILE_BYTES,
            max_total_bytes: MAX_TOTAL_BYTES,
            used: 0,
        }
    }
}
/// Bracket/brace/parenthesis/template nesting refused beyond this depth: hcl-edit's parser is
/// recursive and real Terraform never comes close.
pub const MAX_NESTING: usize = 100;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum FileKind {
    Tf,
    TfJson,
    Tfvars,
    TfvarsJson,
}

impl FileKind {
    /// The kind by the name's bytes: git stores names as bytes and Terraform reads a `.tf`
    /// file whatever the rest of its name is, so a name that is not UTF-8 is still classified.
    /// A configuration file Terraform's loader skips (see [`ignored_by_terraform`]) has no
    /// kind: it is not configuration, wherever it is listed from.
    pub fn of(path: &Path) -> Option<FileKind> {
        let name = path.file_name()?.as_encoded_bytes();
        let kind = FileKind::of_name(name)?;
        if kind.is_config() && ignored_by_terraform(name) {
            return None;
        }
        Some(kind)
    }

    /// The kind by the ending alone, whether or not Terraform would load the file.
    pub fn of_name(name: &[u8]) -> Option<FileKind> {
        if name.ends_with(b".tf.json") {
            Some(FileKind::TfJson)
        } else if name.ends_with(b".tfvars.json") {
            Some(FileKind::TfvarsJson)
        } else if name.ends_with(b".tf") {
            Some(FileKind::Tf)
        } else if name.ends_with(b".tfvars") {
            Some(FileKind::Tfvars)
        } else {
            None
        }
    }
    pub fn is_config(self) -> bool {
        matches!(self, FileKind::Tf | FileKind::TfJson)
    }
}

/// Whether Terraform's configuration loader skips a file of this name (`configs.IsIgnoredFile`:
/// hidden files, editor backups `name~` and autosaves `#name#`), so that `.kms_override.tf`
/// cannot change a verdict while `terraform plan` never sees it. Terraform's automatic
/// variable files are not filtered this way (`.x.auto.tfvars` is loaded), so this applies to
/// configuration files only.
pub fn ignored_by_terraform(name: &[u8]) -> bool {
    name.starts_with(b".") || name.ends_with(b"~") || name.starts_with(b"#") && name.ends_with(b"#")
}

pub struct ParsedFile {
    pub file: FileId,
    pub kind: FileKind,
    pub path: PathBuf,
    /// `None` when the file could not be read or parsed (a diagnostic says why).
    pub body: Option<Body>,
}

pub struct ParseOutput {
    pub files: Vec<ParsedFile>,
    pub diagnostics: Vec<Diagnostic>,
}

/// Parse `paths` (already in a deterministic order) in parallel, registering them in `sources`.
pub fn parse_files(paths: &[PathBuf], sources: &mut Sources) -> ParseOutput {
    parse_files_limited(paths, sources, &mut ReadLimits::default())
}

/// [`parse_files`] within `limits`: a file over the size limit, or one that does not fit in
/// what is left of the run's total (decided in the order of `paths`, so deterministically), is
/// reported and not read. A panic while reading or parsing one file is caught and reported as
/// an internal error naming that file.
pub fn parse_files_limited(
    paths: &[PathBuf],
    sources: &mut Sources,
    limits: &mut ReadLimits,
) -> ParseOutput {
    let mut refused: Vec<Option<Diagnostic>> = Vec::with_capacity(paths.len());
    for p in paths {
        let size = std::fs::metadata(p).map(|m| m.len()).unwrap_or(0);
        if size > limits.max_file_bytes {
            refused.push(None); // read_text reports it, with the file's size
        } else if limits.used.saturating_add(size) > limits.max_total_bytes {
            refused.push(Some(
                Diagnostic::error(
                    "total-size",
                    format!(
                        "{} was not read: together the files of this run exceed the limit of {} bytes",
                        crate::source::display_path(p),
                        limits.max_total_bytes,
                    ),
                )
                .with_help("check a smaller tree, or raise the limit with `--limit total-size=N`"),
            ));
        } else {
            limits.used += size;
            refused.push(None);
        }
    }
    let max_file = limits.max_file_bytes;
    let results: Vec<(Option<SourceFile>, Option<Body>, Vec<Diagnostic>)> = paths
        .par_iter()
        .zip(refused)
        .map(|(p, refused)| {
            if let Some(d) = refused {
                return (None, None, vec![d]);
            }
            let kind = FileKind::of(p).unwrap_or(FileKind::Tf);
            let shown = crate::source::display_path(p);
            crate::guard::catch(|| {
                crate::guard::inject_panic("parse", &shown);
                read_and_parse_limited(p, kind, max_file)
            })
            .unwrap_or_else(|msg| {
                (
                    None,
                    None,
                    vec![crate::guard::internal_error("parsing", &shown, &msg)],
                )
            })
        })
        .collect();
    register(paths, results, sources)
}

/// Files held in memory (a tree given as bytes: the fuzz targets, `test-rules` examples),
/// decoded, bounded and parsed as [`parse_files_limited`] reads them from disk.
pub fn parse_memory(
    files: &[(PathBuf, Vec<u8>)],
    sources: &mut Sources,
    max_file_bytes: u64,
) -> ParseOutput {
    let paths: Vec<PathBuf> = files.iter().map(|(p, _)| p.clone()).collect();
    let results = files
        .iter()
        .map(|(path, bytes)| {
            let text = match bytes.len() as u64 {
                n if n > max_file_bytes => Err(too_large(path, n, max_file_bytes)),
                _ => decode_text(path, bytes.clone()),
            };
            match text {
                Ok(text) => {
                    let kind = FileKind::of(path).unwrap_or(FileKind::Tf);
                    let (body, layout, diags) = parse_source(&text, kind);
                    let mut source = SourceFile::new(path.clone(), Arc::from(text));
                    source.layout = layout;
                    (Some(source), body, diags)
                }
                Err(d) => (None, None, vec![d]),
            }
        })
        .collect();
    register(&paths, results, sources)
}

/// Add parsed files to `sources`, in order, locating their diagnostics in them.
fn register(
    paths: &[PathBuf],
    results: Vec<(Option<SourceFile>, Option<Body>, Vec<Diagnostic>)>,
    sources: &mut Sources,
) -> ParseOutput {
    let mut out = ParseOutput {
        files: Vec::with_capacity(paths.len()),
        diagnostics: Vec::new(),
    };
    for (path, (source, body, diags)) in paths.iter().zip(results) {
        let source = source.unwrap_or_else(|| SourceFile::new(path.clone(), Arc::from("")));
        let id = sources.add(source);
        for mut d in diags {
            if let Some(loc) = &mut d.loc {
                loc.file = Some(id);
            } else {
                d.loc = Some(crate::source::Loc {
                    file: Some(id),
                    span: Span::default(),
                });
            }
            out.diagnostics.push(d);
        }
        out.files.push(ParsedFile {
            file: id,
            kind: FileKind::of(path).unwrap_or(FileKind::Tf),
            path: path.clone(),
            body,
        });
    }
    out
}

fn placeholder_loc(span: Span) -> Option<crate::source::Loc> {
    Some(crate::source::Loc { file: None, span })
}

fn located(d: Diagnostic, span: Span) -> Diagnostic {
    Diagnostic {
        loc: placeholder_loc(span),
        ..d
    }
}

/// Read one file and parse it. Diagnostics carry spans but no file id yet.
pub fn read_and_parse(
    path: &Path,
    kind: FileKind,
) -> (Option<SourceFile>, Option<Body>, Vec<Diagnostic>) {
    read_and_parse_limited(path, kind, MAX_FILE_BYTES)
}

fn read_and_parse_limited(
    path: &Path,
    kind: FileKind,
    max_bytes: u64,
) -> (Option<SourceFile>, Option<Body>, Vec<Diagnostic>) {
    let text = match read_text(path, max_bytes) {
        Ok(t) => t,
        Err(d) => return (None, None, vec![d]),
    };
    let mut source = SourceFile::new(path.to_path_buf(), Arc::from(text.as_str()));
    let (body, layout, diags) = parse_source(&text, kind);
    source.layout = layout;
    (Some(source), body, diags)
}

/// [`parse_text`], keeping a `.tf` file's [`Layout`] (its comments) from the same parse.
fn parse_source(text: &str, kind: FileKind) -> (Option<Body>, Option<Layout>, Vec<Diagnostic>) {
    if kind != FileKind::Tf {
        let (body, diags) = parse_text(text, kind);
        return (body, None, diags);
    }
    // The comment walk costs about 4 % of a run on real trees; only a file that may hold a
    // suppression needs it.
    if !comments::may_have_directives(text) {
        let (body, diags) = parse_text(text, kind);
        return (body, None, diags);
    }
    match parse_hcl_inner(text, true) {
        Ok((b, comments)) => {
            let layout = Layout::new(comments, &b);
            (Some(b), Some(layout), vec![])
        }
        Err(d) => (None, None, vec![d]),
    }
}

pub fn parse_text(text: &str, kind: FileKind) -> (Option<Body>, Vec<Diagnostic>) {
    match kind {
        FileKind::Tf | FileKind::Tfvars => match parse_hcl(text) {
            Ok(b) => (Some(b), vec![]),
            Err(d) => (None, vec![d]),
        },
        FileKind::TfJson | FileKind::TfvarsJson => match json::parse(text) {
            Err(e) => (
                None,
                vec![located(
                    Diagnostic::error("parse-error", format!("invalid JSON: {}", e.message))
                        .with_help("Terraform JSON files must be a single valid JSON object"),
                    Span::new(e.offset, e.offset + 1),
                )],
            ),
            Ok(node) if kind == FileKind::TfJson => match lower::json_file(&node) {
                Ok(b) => (Some(b), vec![]),
                Err((msg, span)) => (
                    None,
                    vec![located(Diagnostic::error("parse-error", msg), span)],
                ),
            },
            Ok(node) => match &node.kind {
                json::JKind::Object(members) => {
                    let mut body = Body::default();
                    for m in members {
                        body.attrs.push(crate::syntax::Attribute {
                            name: m.key.clone(),
                            expr: lower::json_expr(&m.value, JsonMode::Literal),
                            span: Span::new(m.key_span.start as usize, m.value.span.end as usize),
                        });
                    }
                    (Some(body), vec![])
                }
                _ => (
                    None,
                    vec![located(
                        Diagnostic::error(
                            "parse-error",
                            "a .tfvars.json file must hold a JSON object",
                        ),
                        node.span,
                    )],
                ),
            },
        },
    }
}

fn too_large(path: &Path, size: u64, max: u64) -> Diagnostic {
    // At most max + 1 bytes are read, so a longer file shows as "more than max".
    let size = if size > max {
        format!("more than {max}")
    } else {
        size.to_string()
    };
    Diagnostic::error(
        "file-too-large",
        format!(
            "{} is {size} bytes, over the limit of {max} bytes; it was not checked",
            crate::source::display_path(path),
        ),
    )
    .with_help("real Terraform files are far smaller; raise the limit with `--limit file-size=N` if this one is legitimate")
}

/// Through [`crate::files`]: a regular file (a FIFO is never waited on) read through the cap.
/// Whether it lies inside the tree was decided when it was found (discovery, var files).
fn read_text(path: &Path, max_bytes: u64) -> Result<String, Diagnostic> {
    use crate::files::Refusal;
    match crate::files::read_bytes(path, None, max_bytes) {
        Ok(bytes) => decode_text(path, bytes),
        Err(Refusal::TooLarge { seen, limit }) => Err(too_large(path, seen, limit)),
        Err(Refusal::Io(e)) => Err(Diagnostic::error(
            "io-error",
            format!("cannot read {}: {e}", crate::files::shown(path)),
        )),
        Err(r) => Err(r.diagnostic("io-error", "the file", path)),
    }
}

/// A file's bytes as text: binary files (a NUL byte) and invalid UTF-8 are refused.
pub fn decode_text(path: &Path, bytes: Vec<u8>) -> Result<String, Diagnostic> {
    if let Some(i) = bytes.iter().position(|&b| b == 0) {
        return Err(located(
            Diagnostic::error(
                "binary-file",
                format!(
                    "{} looks like a binary file (NUL byte at offset {i})",
                    crate::source::display_path(path)
                ),
            ),
            Span::default(),
        ));
    }
    String::from_utf8(bytes).map_err(|e| {
        let at = e.utf8_error().valid_up_to();
        Diagnostic::error(
            "invalid-utf8",
            format!(
                "{} is not valid UTF-8 (invalid byte at offset {at}); Terraform reads only UTF-8",
                crate::source::display_path(path)
            ),
        )
        .with_help("re-encode the file as UTF-8, e.g. `iconv -f latin1 -t utf-8`")
    })
}

/// Parse HCL native syntax into our tree.
pub fn parse_hcl(text: &str) -> Result<Body, Diagnostic> {
    parse_hcl_inner(text, false).map(|(body, _)| body)
}

/// Parse HCL native syntax into our tree, with its comments (in source order) when
/// `with_comments`.
pub fn parse_hcl_with_comments(text: &str) -> Result<(Body, Vec<Comment>), Diagnostic> {
    parse_hcl_inner(text, true)
}

fn parse_hcl_inner(text: &str, with_comments: bool) -> Result<(Body, Vec<Comment>), Diagnostic> {
    if let Some((depth_at, depth)) = too_deep(text) {
        return Err(located(
            Diagnostic::error(
                "nesting-too-deep",
                format!("nesting deeper than {MAX_NESTING} levels (reached {depth}); the file was not checked"),
            )
            .with_help("no real Terraform configuration nests this deep; this looks like generated or hostile input"),
            Span::new(depth_at, depth_at + 1),
        ));
    }
    // hcl-edit cannot read a BOM; replace it with spaces of the same byte length so offsets hold.
    let mut owned: Option<String> = text
        .strip_prefix('\u{feff}')
        .map(|rest| format!("   {rest}"));
    let mut renames: HashMap<String, String> = HashMap::new();
    for _ in 0..1000 {
        let input = owned.as_deref().unwrap_or(text);
        match hcl_edit::parser::parse_body(input) {
            Ok(body) => {
                // Offsets in `input` are the file's: the BOM and renamed keys keep their length.
                let comments = match with_comments {
                    true => comments::collect(&body, input),
                    false => Vec::new(),
                };
                return Ok((HclLowerer { renames: &renames }.body(body), comments));
            }
            Err(e) => {
                let offset = e.location().offset();
                if e.message().contains("redefined object key") {
                    // Terraform keeps the later value of a repeated object key. Rename this
                    // occurrence to a placeholder of the same byte length and map it back later.
                    if let Some(next) = rename_key_at(input, offset, &mut renames) {
                        owned = Some(next);
                        continue;
                    }
                }
                return Err(located(
                    Diagnostic::error("parse-error", describe_parse_error(e.message()))
                        .with_help("fix the syntax; `terraform validate` shows the same problem"),
                    Span::new(offset, offset + 1),
                ));
            }
        }
    }
    Err(Diagnostic::error(
        "parse-error",
        "too many repeated object keys",
    ))
}

fn describe_parse_error(msg: &str) -> String {
    let msg = msg.trim();
    if msg.is_empty() {
        "invalid HCL syntax".to_string()
    } else {
        format!("invalid HCL syntax: {msg}")
    }
}

fn rename_key_at(
    text: &str,
    offset: usize,
    renames: &mut HashMap<String, String>,
) -> Option<String> {
    let rest = text.get(offset..)?;
    let (start, len) = if let Some(inner) = rest.strip_prefix('"') {
        let end = inner.find('"')?;
        let key = &inner[..end];
        if key.contains('\\') || key.contains("${") {
            return None;
        }
        (offset + 1, end)
    } else {
        let len = rest
            .find(|c: char| !(c.is_alphanumeric() || c == '_' || c == '-'))
            .unwrap_or(rest.len());
        (offset, len)
    };
    if len == 0 {
        return None;
    }
    let original = text[start..start + len].to_string();
    if !original.is_ascii() {
        return None;
    }
    let placeholder = placeholder_name(text, len, renames)?;
    renames.insert(placeholder.clone(), original);
    let mut next = String::with_capacity(text.len());
    next.push_str(&text[..start]);
    next.push_str(&placeholder);
    next.push_str(&text[start + len..]);
    Some(next)
}

fn placeholder_name(text: &str, len: usize, taken: &HashMap<String, String>) -> Option<String> {
    const ALPHA: &[u8] = b"QZXJKVWYqzxjkvwy";
    for n in 0u64..100_000 {
        let mut name = String::with_capacity(len);
        let mut x = n;
        for _ in 0..len {
            name.push(ALPHA[(x % 16) as usize] as char);
            x /= 16;
        }
        if x > 0 {
            return None;
        }
        if !taken.contains_key(&name) && !contains_word(text, &name) {
            return Some(name);
        }
    }
    None
}

fn contains_word(text: &str, word: &str) -> bool {
    let is_id = |c: char| c.is_alphanumeric() || c == '_' || c == '-';
    text.match_indices(word).any(|(i, _)| {
        let before = text[..i].chars().next_back().is_none_or(|c| !is_id(c));
        let after = text[i + word.len()..]
            .chars()
            .next()
            .is_none_or(|c| !is_id(c));
        before && after
    })
}

/// Find where nesting first exceeds [`MAX_NESTING`]. Comments are skipped; strings are scanned
/// for `${`/`%{` so template nesting counts too.
fn too_deep(text: &str) -> Option<(usize, usize)> {
    let b = text.as_bytes();
    let mut depth = 0usize;
    let mut i = 0;
    // Stack of string contexts: true when inside a quoted string at that level.
    let mut in_string: Vec<bool> = vec![false];
    while i < b.len() {
        let c = b[i];
        let quoted = *in_string.last().unwrap_or(&false);
        if quoted {
            match c {
                b'\\' => i += 1,
                b'"' => {
                    in_string.pop();
                    if in_string.is_empty() {
                        in_string.push(false);
                    }
                }
                b'$' | b'%' if b.get(i + 1) == Some(&b'{') => {
                    depth += 1;
                    in_string.push(false);
                    i += 1;
                }
                _ => {}
            }
        } else {
            match c {
                b'#' => {
                    while i < b.len() && b[i] != b'\n' {
                        i += 1;
                    }
                }
                b'/' if b.get(i + 1) == Some(&b'/') => {
                    while i < b.len() && b[i] != b'\n' {
                        i += 1;
                    }
                }
                b'/' if b.get(i + 1) == Some(&b'*') => {
                    i += 2;
                    while i + 1 < b.len() && !(b[i] == b'*' && b[i + 1] == b'/') {
                        i += 1;
                    }
                    i += 1;
                }
                b'"' => in_string.push(true),
                b'(' | b'[' | b'{' => depth += 1,
                b'$' | b'%' if b.get(i + 1) == Some(&b'{') => {
                    depth += 1;
                    in_string.push(false);
                    i += 1;
                }
                b')' | b']' => depth = depth.saturating_sub(1),
                b'}' => {
                    depth = depth.saturating_sub(1);
                    if in_string.len() > 1 {
                        in_string.pop();
                    }
                }
                _ => {}
            }
        }
        if depth > MAX_NESTING {
            return Some((i, depth));
        }
        i += 1;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::syntax::ExprKind;

    #[test]
    fn repeated_object_keys_keep_the_later_value() {
        let body = parse_hcl("x = {\n  a = 1\n  b = 2\n  a = 3\n}\n").unwrap();
        let ExprKind::Object(items) = &body.attrs[0].expr.kind else {
            panic!()
        };
        let keys: Vec<_> = items
            .iter()
            .map(|(k, _)| match k {
                crate::syntax::ObjectKey::Ident(s) => s.clone(),
                _ => "?".into(),
            })
            .collect();
        assert_eq!(keys, ["a", "b", "a"]);
        assert!(matches!(items[2].1.kind, ExprKind::Number(n) if n == 3.0));
    }

    #[test]
    fn bom_and_crlf() {
        let body = parse_hcl("\u{feff}a = 1\r\nb = \"x\"\r\n").unwrap();
        assert_eq!(body.attrs.len(), 2);
        assert_eq!(body.attrs[1].span.start, 10);
    }

    #[test]
    fn deep_nesting_is_refused_not_crashed() {
        let text = format!("x = {}1{}", "[".repeat(50_000), "]".repeat(50_000));
        let err = parse_hcl(&text).unwrap_err();
        assert_eq!(err.code, "nesting-too-deep");
        let text = format!("x = \"{}\"", "${\"".repeat(20_000));
        assert_eq!(parse_hcl(&text).unwrap_err().code, "nesting-too-deep");
    }

    #[test]
    fn parse_error_has_offset() {
        let err = parse_hcl("a = 1\nb = = 2\n").unwrap_err();
        assert_eq!(err.code, "parse-error");
        let span = err.loc.unwrap().span;
        assert!(span.start >= 6, "{span:?}");
    }
}

//! Source files kept in memory for diagnostics, with byte-offset to line/column mapping.

use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Index of a file in [`Sources`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct FileId(pub u32);

/// A byte range in one file.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Span {
    pub start: u32,
    pub end: u32,
}

impl Span {
    pub fn new(start: usize, end: usize) -> Span {
        Span {
            start: start as u32,
            end: end.max(start) as u32,
        }
    }
    pub fn len(&self) -> usize {
        (self.end - self.start) as usize
    }
    pub fn is_empty(&self) -> bool {
        self.end == self.start
    }
}

/// A span inside a particular file.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Loc {
    pub file: Option<FileId>,
    pub span: Span,
}

/// Line and column, both 1-based; columns count characters, as editors and SARIF do.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Position {
    pub line: usize,
    pub column: usize,
}

pub struct SourceFile {
    /// Path as given/discovered (used to read the file).
    pub path: PathBuf,
    /// Path shown in reports: relative to the working directory, `/`-separated.
    pub display: String,
    /// Text as read (a UTF-8 BOM is kept so byte offsets match the file).
    pub text: Arc<str>,
    line_starts: Vec<u32>,
    /// For a `.tf` file that parsed: its comments and the outline of its tree, kept from the
    /// one parse for the suppression comments (the tree itself moves into the configuration).
    pub layout: Option<Layout>,
}

/// A comment of an HCL file, as the parser's decor holds it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Comment {
    /// From the delimiter (`#`, `//`, `/*`) to the end of the comment (newline excluded).
    pub span: Span,
    /// Code precedes the comment on its line.
    pub trailing: bool,
}

impl Comment {
    /// The text after the delimiter (before `*/` for a block comment), in `text`, the file the
    /// comment was found in.
    pub fn body<'t>(&self, text: &'t str) -> &'t str {
        let all = text
            .get(self.span.start as usize..self.span.end as usize)
            .unwrap_or("");
        if let Some(block) = all.strip_prefix("/*") {
            block.strip_suffix("*/").unwrap_or(block)
        } else {
            all.strip_prefix("//")
                .or_else(|| all.strip_prefix('#'))
                .unwrap_or(all)
        }
    }
}

/// A block or attribute of a parsed HCL file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Item {
    pub span: Span,
    /// The block's header (None for an attribute).
    pub header: Option<Span>,
    /// Nesting depth (0 = top level).
    pub depth: usize,
}

/// What the suppression comments need of a parsed HCL file.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Layout {
    /// In source order.
    pub comments: Vec<Comment>,
    /// Every block and attribute, blocks before their contents. Empty when there are no
    /// comments (nothing to place).
    pub items: Vec<Item>,
}

impl Layout {
    pub fn new(comments: Vec<Comment>, body: &crate::syntax::Body) -> Layout {
        let mut items = Vec::new();
        if !comments.is_empty() {
            outline(body, 0, &mut items);
        }
        Layout { comments, items }
    }
}

fn outline(body: &crate::syntax::Body, depth: usize, out: &mut Vec<Item>) {
    for a in &body.attrs {
        out.push(Item {
            span: a.span,
            header: None,
            depth,
        });
    }
    for b in &body.blocks {
        out.push(Item {
            span: b.span,
            header: Some(b.header),
            depth,
        });
        outline(&b.body, depth + 1, out);
    }
}

impl SourceFile {
    pub fn new(path: PathBuf, text: Arc<str>) -> SourceFile {
        let display = display_path(&path);
        let mut line_starts = vec![0u32];
        for (i, b) in text.bytes().enumerate() {
            if b == b'\n' {
                line_starts.push(i as u32 + 1);
            }
        }
        SourceFile {
            path,
            display,
            text,
            line_starts,
            layout: None,
        }
    }

    /// Line/column of a byte offset; CR before LF and a leading BOM do not count as columns.
    pub fn position(&self, offset: u32) -> Position {
        let offset = offset.min(self.text.len() as u32);
        let line = match self.line_starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i - 1,
        };
        let start = self.line_starts[line] as usize;
        let mut end = offset as usize;
        while !self.text.is_char_boundary(end) {
            end -= 1;
        }
        let prefix = &self.text[start..end];
        let prefix = prefix.strip_prefix('\u{feff}').unwrap_or(prefix);
        Position {
            line: line + 1,
            column: prefix.chars().count() + 1,
        }
    }

    /// Position just past the end of a span, for end_line/end_column (exclusive column).
    pub fn end_position(&self, span: Span) -> Position {
        let mut end = span.end;
        // A span ending in a newline ends on the previous line.
        let bytes = self.text.as_bytes();
        while end > span.start && matches!(bytes.get(end as usize - 1), Some(b'\n' | b'\r')) {
            end -= 1;
        }
        self.position(end)
    }

    pub fn line_count(&self) -> usize {
        self.line_starts.len()
    }
}

/// Render a path relative to the current directory with `/` separators.
pub fn display_path(path: &Path) -> String {
    // pe-lint never changes directory; asking the kernel once per file showed in profiles.
    static CWD: std::sync::OnceLock<Option<std::path::PathBuf>> = std::sync::OnceLock::new();
    let rel = CWD
        .get_or_init(|| std::env::current_dir().ok())
        .as_ref()
        .and_then(|cwd| path.strip_prefix(cwd).ok().map(Path::to_path_buf))
        .unwrap_or_else(|| path.to_path_buf());
    let s = rel.to_string_lossy().replace('\\', "/");
    let s = s.strip_prefix("./").unwrap_or(&s).to_string();
    if s.is_empty() {
        ".".to_string()
    } else {
        s
    }
}

/// All files read in one run. Append-only so `FileId`s stay valid.
#[derive(Default)]
pub struct Sources {
    files: Vec<SourceFile>,
}

impl Sources {
    pub fn add(&mut self, file: SourceFile) -> FileId {
        self.files.push(file);
        FileId(self.files.len() as u32 - 1)
    }
    pub fn get(&self, id: FileId) -> &SourceFile {
        &self.files[id.0 as usize]
    }
    pub fn len(&self) -> usize {
        self.files.len()
    }
    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }
    pub fn iter(&self) -> impl Iterator<Item = (FileId, &SourceFile)> {
        self.files
            .iter()
            .enumerate()
            .map(|(i, f)| (FileId(i as u32), f))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_handle_crlf_and_bom() {
        let f = SourceFile::new("x.tf".into(), "\u{feff}a = 1\r\nbé = 2\r\n".into());
        assert_eq!(f.position(3), Position { line: 1, column: 1 });
        let b = f.text.find("bé").unwrap() as u32;
        assert_eq!(f.position(b), Position { line: 2, column: 1 });
        let two = f.text.find('2').unwrap() as u32;
        assert_eq!(f.position(two), Position { line: 2, column: 6 });
    }
}

//! Rules written in the policy language: HCL files with `rule` blocks whose `check` blocks
//! hold Terraform expressions over each resource (`self`), evaluated by the same evaluator as
//! the configuration itself. See docs/custom-rules.md.
//!
//! This module loads and validates rule files (every problem is a diagnostic with a span in
//! the rule file); [`engine`] evaluates the checks; [`testing`] runs a rule file's examples
//! (`pe-lint test-rules`). The built-in PE001 and PE004 are written in the same language, in
//! their policy files under `rules/`.

pub mod engine;
mod metadata;
pub mod testing;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, LazyLock};

use super::meta::{self, RuleMeta};
use crate::diag::Diagnostic;
use crate::source::{FileId, SourceFile, Sources, Span};
use crate::syntax::{Block, Body, Call, Expr, ExprKind, ObjectKey, TemplatePart, Traverse};
use crate::terraform::config::Mode;
use crate::terraform::instance::{EvalOptions, Evaluator};
use crate::terraform::{eval::EvalState, Configs, ModuleConfig, Value};

/// A rule loaded from a policy file.
#[derive(Clone, Debug)]
pub struct CustomRule {
    pub id: super::RuleId,
    pub meta: RuleMeta,
    pub checks: Vec<Check>,
    pub examples: Vec<RuleExample>,
    /// The policy file (for messages).
    pub path: PathBuf,
    pub file: Option<FileId>,
    /// The rule block's header.
    pub header: Span,
    /// A built-in rule's policy file read by `test-rules`: its examples are run against the
    /// built-in rule, whose metadata stays the embedded one.
    pub builtin: bool,
}

/// One `check "TYPE" { ... }` block.
#[derive(Clone, Debug)]
pub struct Check {
    pub mode: Mode,
    pub rtype: String,
    pub where_: Option<Expr>,
    pub assert: Expr,
    pub message: Option<Expr>,
    pub fix: Option<Expr>,
    /// `autofix { attribute = "x", value = true }`: the value `--fix` sets (docs/autofix.md).
    pub autofix: Option<CheckFix>,
    /// Attribute path the failure points at (the block header when the attribute is absent).
    pub at: Option<String>,
    pub file: Option<FileId>,
    pub header: Span,
    /// `self.<path>` read by `where` and by `assert`, in the order written: an unresolved
    /// verdict points at the first one whose value is not known.
    pub(crate) where_paths: Vec<Vec<Seg>>,
    pub(crate) assert_paths: Vec<Vec<Seg>>,
}

/// What a check's `autofix` block declares: a top-level argument and the literal to set it to.
#[derive(Debug, Clone, PartialEq)]
pub struct CheckFix {
    pub attribute: String,
    pub value: FixValue,
}

#[derive(Debug, Clone, PartialEq)]
pub enum FixValue {
    Bool(bool),
    Number(f64),
    Str(String),
}

/// An `example "pass" { code = ... }` block, or a sibling `<name>.pass.tf` file.
#[derive(Debug, Clone)]
pub struct RuleExample {
    /// `pass` or `fail`.
    pub kind: String,
    pub code: String,
    /// Where it is written, for messages: `file:line`.
    pub origin: String,
}

/// A step of an attribute path: `rule[0].apply_server_side_encryption_by_default`.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Seg {
    Attr(String),
    Index(usize),
}

pub(crate) fn path_string(segs: &[Seg]) -> String {
    let mut s = String::new();
    for seg in segs {
        match seg {
            Seg::Attr(a) => {
                if !s.is_empty() {
                    s.push('.');
                }
                s.push_str(a);
            }
            Seg::Index(i) => s.push_str(&format!("[{i}]")),
        }
    }
    s
}

/// Parse `a.b[0].c`; `None` when it is not such a path.
pub(crate) fn parse_path(path: &str) -> Option<Vec<Seg>> {
    let mut out = Vec::new();
    for part in path.split('.') {
        let (name, mut rest) = match part.find('[') {
            Some(i) => (&part[..i], &part[i..]),
            None => (part, ""),
        };
        if !is_ident(name) {
            return None;
        }
        out.push(Seg::Attr(name.to_string()));
        while !rest.is_empty() {
            let close = rest.find(']')?;
            let n: usize = rest.get(1..close)?.parse().ok()?;
            out.push(Seg::Index(n));
            rest = &rest[close + 1..];
            if !rest.is_empty() && !rest.starts_with('[') {
                return None;
            }
        }
    }
    Some(out)
}

fn is_ident(s: &str) -> bool {
    let mut chars = s.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
}

/// The engine's helper functions, with their arity.
pub const HELPERS: &[(&str, usize)] = &[
    ("related", 2),
    ("resources", 1),
    ("statements", 1),
    ("refers_to", 2),
];

/// Names bound while a check is evaluated.
pub const BOUND_NAMES: &[&str] = &["self", "address", "tags", "env", "settings"];

/// The attributes of the `settings` object.
pub const SETTINGS_KEYS: &[&str] = &[
    "environment",
    "retention_days",
    "retention_minimum",
    "required_tags",
    "tag_values",
    "api_lambda_patterns",
    "iam_allowed_actions",
    "iam_allowed_resources",
];

/// Terraform functions that read files: a rule must not depend on the working directory.
const FILE_FUNCTIONS: &[&str] = &[
    "file",
    "fileexists",
    "filebase64",
    "fileset",
    "abspath",
    "pathexpand",
    "filemd5",
    "filesha1",
    "filesha256",
    "filesha512",
    "filebase64sha256",
    "filebase64sha512",
    "templatefile",
];

const CHECK_ATTRS: &[&str] = &["where", "assert", "message", "fix", "at"];

/// Whether rule ids of built-in rules may appear (`test-rules` on `rules/`), or are an error;
/// `Embedded`: a built-in policy file compiled into the binary, whose metadata is read here.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LoadMode {
    Lint,
    Test,
    Embedded,
}

/// A rules directory (or file) and where it was named, which decides what it may be.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RulesDir {
    pub path: PathBuf,
    /// The tree that the entry and its files, links resolved, must stay inside: set for a
    /// `rules_dirs` entry of a configuration file in the checked tree (the change under review
    /// wrote it); `None` for `--rules` and a configuration named from outside the tree.
    pub tree: Option<PathBuf>,
}

impl RulesDir {
    /// Named on the command line: trusted as a place; its files still go through the checks
    /// of kind and size.
    pub fn trusted(path: impl Into<PathBuf>) -> RulesDir {
        RulesDir {
            path: path.into(),
            tree: None,
        }
    }
}

/// The largest rule or example file read.
const MAX_RULE_FILE_BYTES: u64 = crate::parse::MAX_FILE_BYTES;

/// Load every `*.hcl` file of each directory (a file path is loaded as it is), registering the
/// files in `sources`. Rules that load are returned even when others fail; every problem is an
/// error diagnostic with its span in the rule file.
pub fn load_dirs(dirs: &[PathBuf], sources: &mut Sources) -> (Vec<CustomRule>, Vec<Diagnostic>) {
    load_dirs_mode(dirs, sources, LoadMode::Lint)
}

pub fn load_dirs_mode(
    dirs: &[PathBuf],
    sources: &mut Sources,
    mode: LoadMode,
) -> (Vec<CustomRule>, Vec<Diagnostic>) {
    let dirs: Vec<RulesDir> = dirs.iter().map(RulesDir::trusted).collect();
    load_rules_dirs(&dirs, sources, mode)
}

/// [`load_dirs_mode`] with each directory's confinement: an entry that lies outside its tree
/// (absolute, climbing out, or a link out) is refused naming the entry, and every file is read
/// through [`crate::files`] (in the tree when there is one, a regular file, capped), so that a
/// refused file is named and none of its content quoted.
pub fn load_rules_dirs(
    dirs: &[RulesDir],
    sources: &mut Sources,
    mode: LoadMode,
) -> (Vec<CustomRule>, Vec<Diagnostic>) {
    let mut rules: Vec<CustomRule> = Vec::new();
    let mut diags = Vec::new();
    for dir in dirs {
        let canon_tree = match confine(dir) {
            Ok(t) => t,
            Err(d) => {
                diags.push(d);
                continue;
            }
        };
        let Some(files) = rule_files(&dir.path, &mut diags) else {
            continue;
        };
        for path in files {
            let text =
                match crate::files::read_text(&path, canon_tree.as_deref(), MAX_RULE_FILE_BYTES) {
                    Ok(t) => t,
                    Err(r) => {
                        diags.push(r.diagnostic("io-error", "the rule file", &path));
                        continue;
                    }
                };
            let file = sources.add(SourceFile::new(path.clone(), Arc::from(text.as_str())));
            let (mut loaded, d) = compile_text(&text, &path, Some(file), mode);
            diags.extend(d);
            let (examples, example_diags) = sibling_examples(&path, canon_tree.as_deref());
            diags.extend(example_diags);
            for r in &mut loaded {
                r.examples.extend(examples.iter().cloned());
            }
            add_unique(&mut rules, loaded, file, sources, &mut diags);
        }
    }
    (rules, diags)
}

/// The files of custom rules read before the tree is: they wait in their own [`Sources`]
/// until [`RuleFiles::register`] appends them to the run's, so a run reads each rule file once
/// (the configuration's `rule` blocks and the suppressions need the rule ids before the tree
/// is loaded; the reports need the files after it).
pub struct RuleFiles {
    diagnostics: Vec<Diagnostic>,
    sources: Sources,
}

/// [`load_rules_dirs`] into a [`RuleFiles`] of their own.
pub fn load_apart(dirs: &[RulesDir], mode: LoadMode) -> (Vec<CustomRule>, RuleFiles) {
    let mut sources = Sources::default();
    let (rules, diagnostics) = load_rules_dirs(dirs, &mut sources, mode);
    (
        rules,
        RuleFiles {
            diagnostics,
            sources,
        },
    )
}

impl RuleFiles {
    pub fn diagnostics(&self) -> &[Diagnostic] {
        &self.diagnostics
    }

    /// Append the rule files to `sources` (after what is there), point `rules` at them, and
    /// return the loading diagnostics, located in them.
    pub fn register(self, sources: &mut Sources, rules: &mut [CustomRule]) -> Vec<Diagnostic> {
        let offset = sources.len() as u32;
        for (_, f) in self.sources.iter() {
            sources.add(SourceFile::new(f.path.clone(), f.text.clone()));
        }
        let shift = |f: &mut Option<FileId>| {
            if let Some(id) = f {
                id.0 += offset;
            }
        };
        for r in rules.iter_mut() {
            shift(&mut r.file);
            for c in &mut r.checks {
                shift(&mut c.file);
            }
        }
        let mut diagnostics = self.diagnostics;
        for d in &mut diagnostics {
            if let Some(loc) = &mut d.loc {
                shift(&mut loc.file);
            }
        }
        diagnostics
    }
}

/// The canonical tree `dir` must stay in (`None`: anywhere), or why it is refused.
fn confine(dir: &RulesDir) -> Result<Option<PathBuf>, Diagnostic> {
    let Some(tree) = &dir.tree else {
        return Ok(None);
    };
    let canon_tree = crate::discover::canonical(tree);
    let lexical = crate::discover::absolute(&dir.path);
    let inside = lexical.starts_with(crate::discover::absolute(tree))
        && std::fs::canonicalize(&lexical).map_or(true, |c| c.starts_with(&canon_tree));
    if inside {
        return Ok(Some(canon_tree));
    }
    Err(Diagnostic::error(
        "rules-dir",
        format!(
            "the rules_dirs entry {} lies outside the scanned tree (links resolved); it was not read",
            crate::files::shown(&dir.path)
        ),
    )
    .with_help(
        "a configuration file in the checked tree may name rule directories inside that tree \
         only; pass others with `--rules DIR` on the command line",
    ))
}

/// The rule files of `path`: itself when it is not a directory, else its `*.hcl` entries
/// (sorted; by the name's bytes, and whatever their kind, so that one that cannot be read is
/// reported rather than silently dropped). `None` after reporting a directory that cannot be
/// listed or a path that does not exist.
fn rule_files(path: &Path, diags: &mut Vec<Diagnostic>) -> Option<Vec<PathBuf>> {
    if std::fs::symlink_metadata(path).is_err() {
        diags.push(
            Diagnostic::error(
                "rules-dir",
                format!(
                    "rules directory {} does not exist",
                    crate::files::shown(path)
                ),
            )
            .with_help("pass a directory of rule files (*.hcl) to --rules"),
        );
        return None;
    }
    if !path.is_dir() {
        return Some(vec![path.to_path_buf()]);
    }
    match std::fs::read_dir(path) {
        Ok(entries) => {
            let mut v: Vec<PathBuf> = entries
                .flatten()
                .map(|e| e.path())
                .filter(|p| {
                    p.file_name()
                        .is_some_and(|n| n.as_encoded_bytes().ends_with(b".hcl"))
                })
                .collect();
            v.sort();
            Some(v)
        }
        Err(e) => {
            diags.push(Diagnostic::error(
                "rules-dir",
                format!(
                    "cannot read rules directory {}: {e}",
                    crate::files::shown(path)
                ),
            ));
            None
        }
    }
}

/// Add `loaded` to `rules`, reporting an id that is already taken.
fn add_unique(
    rules: &mut Vec<CustomRule>,
    loaded: Vec<CustomRule>,
    file: FileId,
    sources: &Sources,
    diags: &mut Vec<Diagnostic>,
) {
    for r in loaded {
        if let Some(first) = rules.iter().find(|x| x.id.eq_ignore_ascii_case(&r.id)) {
            let at = first
                .file
                .map(|f| {
                    let sf = sources.get(f);
                    format!("{}:{}", sf.display, sf.position(first.header.start).line)
                })
                .unwrap_or_default();
            diags.push(
                Diagnostic::error(
                    "rule-invalid",
                    format!("duplicate rule id {:?}: already defined at {at}", r.id),
                )
                .at(file, r.header)
                .with_help("every rule needs its own id"),
            );
            continue;
        }
        rules.push(r);
    }
}

/// `<stem>.pass.tf`, `<stem>.fail.tf` (and `<stem>.<anything>.pass.tf`) next to a rule file,
/// read like the rule file (inside `canon_tree` when there is one); one that cannot be read is
/// reported.
fn sibling_examples(
    rule_file: &Path,
    canon_tree: Option<&Path>,
) -> (Vec<RuleExample>, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    let (Some(dir), Some(stem)) = (
        rule_file.parent(),
        rule_file.file_stem().and_then(|s| s.to_str()),
    ) else {
        return (Vec::new(), diags);
    };
    let Ok(entries) = std::fs::read_dir(dir) else {
        return (Vec::new(), diags);
    };
    let mut out: Vec<(String, RuleExample)> = Vec::new();
    for e in entries.flatten() {
        let name = e.file_name().to_string_lossy().to_string();
        let Some(rest) = name.strip_prefix(stem).and_then(|r| r.strip_prefix('.')) else {
            continue;
        };
        let kind = if rest.ends_with("pass.tf") {
            "pass"
        } else if rest.ends_with("fail.tf") {
            "fail"
        } else {
            continue;
        };
        match crate::files::read_text(&e.path(), canon_tree, MAX_RULE_FILE_BYTES) {
            Ok(code) => out.push((
                name.clone(),
                RuleExample {
                    kind: kind.to_string(),
                    code,
                    origin: crate::source::display_path(&e.path()),
                },
            )),
            Err(r) => diags.push(r.diagnostic("io-error", "the rule example", &e.path())),
        }
    }
    out.sort_by(|a, b| a.0.cmp(&b.0));
    (out.into_iter().map(|(_, e)| e).collect(), diags)
}

/// Compile the rule blocks of one policy file.
pub fn compile_text(
    text: &str,
    path: &Path,
    file: Option<FileId>,
    mode: LoadMode,
) -> (Vec<CustomRule>, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    let body = match crate::parse::parse_hcl(text) {
        Ok(b) => b,
        Err(mut d) => {
            if let (Some(loc), Some(f)) = (&mut d.loc, file) {
                loc.file = Some(f);
            }
            return (Vec::new(), vec![d]);
        }
    };
    let mut cx = Compiler {
        file,
        text,
        path,
        diags: &mut diags,
        consts: ConstEval::new(),
        declared: Vec::new(),
    };
    let rules = cx.file_body(&body, mode);
    (rules, diags)
}

struct Compiler<'a> {
    file: Option<FileId>,
    text: &'a str,
    path: &'a Path,
    diags: &'a mut Vec<Diagnostic>,
    consts: ConstEval,
    /// The settings the rule being compiled declares (its checks may read them).
    declared: Vec<String>,
}

/// Evaluates constant expressions (metadata strings, example code).
struct ConstEval {
    configs: Configs,
    opts: EvalOptions,
}

impl ConstEval {
    fn new() -> ConstEval {
        ConstEval {
            configs: Configs::default(),
            opts: engine::eval_options(),
        }
    }
    fn eval(&self, e: &Expr, file: Option<FileId>) -> (Value, Vec<String>) {
        let ev = Evaluator::new(
            &self.configs,
            &self.opts,
            Arc::new(ModuleConfig::default()),
            EvalState::new(&self.opts),
            BTreeMap::new(),
        );
        let v = ev.eval_const(e, file);
        let errors = ev
            .state
            .diags
            .into_inner()
            .into_iter()
            .map(|d| d.message)
            .collect();
        (v, errors)
    }
}

impl Compiler<'_> {
    fn error(&mut self, span: Span, msg: impl Into<String>) -> &mut Diagnostic {
        let mut d = Diagnostic::error("rule-invalid", msg);
        if let Some(f) = self.file {
            d = d.at(f, span);
        }
        self.diags.push(d);
        self.diags.last_mut().unwrap()
    }

    fn file_body(&mut self, body: &Body, mode: LoadMode) -> Vec<CustomRule> {
        let mut out = Vec::new();
        for a in &body.attrs {
            self.error(
                a.span,
                format!(
                    "unexpected attribute `{}` at the top of a rule file; a rule file holds `rule \"ID\" {{ ... }}` blocks",
                    a.name
                ),
            );
        }
        for b in &body.blocks {
            if b.kind != "rule" {
                self.error(
                    b.header,
                    format!(
                        "unexpected block `{}`; a rule file holds `rule \"ID\" {{ ... }}` blocks",
                        b.kind
                    ),
                );
                continue;
            }
            if let Some(r) = self.rule(b, mode) {
                if out
                    .iter()
                    .any(|x: &CustomRule| x.id.eq_ignore_ascii_case(&r.id))
                {
                    self.error(b.header, format!("duplicate rule id {:?}", r.id));
                    continue;
                }
                out.push(r);
            }
        }
        if body.blocks.is_empty() && body.attrs.is_empty() {
            self.error(
                Span::new(0, 0),
                "the rule file has no `rule` block".to_string(),
            );
        }
        out
    }

    fn rule(&mut self, b: &Block, mode: LoadMode) -> Option<CustomRule> {
        let (id, builtin) = self.rule_id(b, mode)?;
        let errors_before = self.diags.len();
        let mut m = RuleMeta {
            id: id.clone(),
            ..Default::default()
        };
        // `test-rules` on a built-in policy file runs its examples under the embedded
        // metadata; everything else reads the metadata here.
        let read_meta = !builtin || mode == LoadMode::Embedded;
        if read_meta {
            self.metadata(b, &mut m);
        } else {
            m = meta::builtin(&id).cloned().unwrap_or(m);
        }
        if read_meta {
            m.settings = self.settings(b);
        }
        // Every declared name, valid or not: a broken declaration is one error, not one more
        // at each use.
        self.declared = b
            .body
            .blocks
            .iter()
            .filter(|blk| blk.kind == "setting")
            .filter_map(|blk| blk.labels.first().cloned())
            .chain(m.settings.iter().map(|d| d.name.clone()))
            .collect();
        let (checks, examples) = self.rule_blocks(b, builtin && mode != LoadMode::Embedded);
        if !builtin && !b.body.blocks.iter().any(|blk| blk.kind == "check") {
            self.error(
                b.header,
                format!("rule {id} has no `check \"TYPE\" {{ ... }}` block"),
            );
        }
        if self.diags.len() > errors_before {
            return None;
        }
        if read_meta {
            self.finish_meta(b, &mut m, &checks, &examples, builtin);
            if self.diags.len() > errors_before {
                return None;
            }
        }
        Some(CustomRule {
            id: super::RuleId::new(&id),
            meta: m,
            checks,
            examples,
            path: self.path.to_path_buf(),
            file: self.file,
            header: b.header,
            builtin,
        })
    }

    /// The rule block's id, and whether it names a built-in rule; `None` (with an error) for
    /// a missing, malformed or reserved id.
    fn rule_id(&mut self, b: &Block, mode: LoadMode) -> Option<(String, bool)> {
        let [id] = b.labels.as_slice() else {
            self.error(
                b.header,
                "a rule block needs exactly one label, its id: `rule \"ORG001\" { ... }`",
            );
            return None;
        };
        let builtin = mode == LoadMode::Embedded || meta::builtin(id).is_some();
        if builtin && mode == LoadMode::Lint {
            self.error(
                b.header,
                format!("rule id {id:?} clashes with the built-in rule {id}"),
            )
            .help = Some("choose an id with your own prefix, such as ORG001".into());
            return None;
        }
        if !builtin {
            if !valid_id(id) {
                self.error(
                    b.header,
                    format!("invalid rule id {id:?}: use letters then digits, such as ORG001 (at most 32 characters)"),
                );
                return None;
            }
            if id.len() > 2
                && id[..2].eq_ignore_ascii_case("PE")
                && id[2..].chars().all(|c| c.is_ascii_digit())
            {
                self.error(
                    b.header,
                    format!(
                        "rule id {id:?} uses the prefix PE, which is reserved for built-in rules"
                    ),
                )
                .help = Some("choose an id with your own prefix, such as ORG001".into());
                return None;
            }
        }
        Some((id.clone(), builtin))
    }

    /// The `check` and `example` blocks of a rule; `skip_unknown` for a built-in rule's policy
    /// file, whose other blocks are read with the embedded copy (`test-rules` on `rules/`).
    fn rule_blocks(&mut self, b: &Block, skip_unknown: bool) -> (Vec<Check>, Vec<RuleExample>) {
        let mut checks = Vec::new();
        let mut examples = Vec::new();
        for blk in &b.body.blocks {
            match blk.kind.as_str() {
                // Read above, before the checks that use them; after them (their types).
                "setting" | "evidence" => {}
                "check" => {
                    if let Some(c) = self.check(blk) {
                        checks.push(c);
                    }
                }
                "example" => {
                    if let Some(e) = self.example(blk) {
                        examples.push(e);
                    }
                }
                _ if skip_unknown => {}
                other => {
                    self.error(
                        blk.header,
                        format!(
                            "unexpected block `{other}` in a rule; expected `check`, `example`, `setting` or `evidence`"
                        ),
                    );
                }
            }
        }
        (checks, examples)
    }

    /// The metadata that follows from the rule's checks and examples: resource types (unless
    /// declared), evidence columns, source and documentation link, examples.
    fn finish_meta(
        &mut self,
        b: &Block,
        m: &mut RuleMeta,
        checks: &[Check],
        examples: &[RuleExample],
        builtin: bool,
    ) {
        let mut types: Vec<String> = checks
            .iter()
            .map(|c: &Check| match c.mode {
                Mode::Data => format!("data.{}", c.rtype),
                _ => c.rtype.clone(),
            })
            .collect();
        types.dedup();
        if m.resource_types.is_empty() {
            m.resource_types = types;
        }
        m.evidence = self.evidence(b, m);
        m.checks = checks.len();
        if !builtin {
            m.source = Some(crate::source::display_path(self.path));
        }
        if m.doc_url.is_empty() {
            // Reports link a finding to its rule: the policy file, unless the rule says.
            m.doc_url = crate::source::display_path(self.path);
        }
        m.example = examples
            .iter()
            .map(|e| {
                (
                    e.kind.clone(),
                    meta::Example {
                        code: e.code.clone(),
                    },
                )
            })
            .collect();
    }

    fn check(&mut self, b: &Block) -> Option<Check> {
        let (mode, rtype) = self.check_type(b)?;
        let before = self.diags.len();
        self.check_shape(b);
        let get = |n: &str| b.body.attr(n).map(|a| a.expr.clone());
        let where_ = get("where");
        let assert = get("assert");
        let message = get("message");
        let fix = get("fix");
        for (name, e) in [("where", &where_), ("assert", &assert)] {
            self.typed(name, e.as_ref(), "bool", "a bool expression");
        }
        for (name, e) in [("message", &message), ("fix", &fix)] {
            self.typed(name, e.as_ref(), "string", "a string template");
        }
        let at = self.check_at(b);
        let autofix = self.check_fix(b);
        let Some(assert) = assert else {
            self.error(b.header, "a check needs `assert = <bool expression>`");
            return None;
        };
        if self.diags.len() > before {
            return None;
        }
        Some(Check {
            mode,
            rtype,
            where_paths: where_.as_ref().map(self_paths).unwrap_or_default(),
            assert_paths: self_paths(&assert),
            where_,
            assert,
            message,
            fix,
            autofix,
            at,
            file: self.file,
            header: b.header,
        })
    }

    /// A check's label: the resource type, `data.` for a data source.
    fn check_type(&mut self, b: &Block) -> Option<(Mode, String)> {
        let [label] = b.labels.as_slice() else {
            self.error(
                b.header,
                "a check needs exactly one label, the resource type: `check \"aws_s3_bucket\" { ... }` or `check \"data.aws_iam_policy_document\" { ... }`",
            );
            return None;
        };
        let (mode, rtype) = match label.strip_prefix("data.") {
            Some(t) => (Mode::Data, t),
            None => (Mode::Managed, label.as_str()),
        };
        if !valid_type(rtype) {
            self.error(
                b.header,
                format!("{label:?} is not a resource type; write it as `aws_s3_bucket`, or `data.aws_iam_policy_document` for a data source"),
            );
            return None;
        }
        Some((mode, rtype.to_string()))
    }

    /// A check holds the attributes in CHECK_ATTRS and at most `autofix` blocks.
    fn check_shape(&mut self, b: &Block) {
        for blk in b.body.blocks.iter().filter(|blk| blk.kind != "autofix") {
            self.error(
                blk.header,
                format!(
                    "unexpected block `{}` in a check; a check has the attributes {}",
                    blk.kind,
                    CHECK_ATTRS.join(", ")
                ),
            );
        }
        for a in &b.body.attrs {
            if !CHECK_ATTRS.contains(&a.name.as_str()) {
                self.error(
                    a.span,
                    format!(
                        "unknown attribute `{}` in a check; expected one of {}",
                        a.name,
                        CHECK_ATTRS.join(", ")
                    ),
                );
            }
        }
    }

    /// A check attribute whose literal value must have type `want`; its names must exist.
    fn typed(&mut self, name: &str, e: Option<&Expr>, want: &str, what: &str) {
        let Some(e) = e else { return };
        if let Some(t) = literal_type(e).filter(|t| *t != want) {
            self.error(e.span, format!("`{name}` must be {what}, got a {t}"));
        }
        self.validate(e);
    }

    /// `at = "attribute.path"`: where a failure points.
    fn check_at(&mut self, b: &Block) -> Option<String> {
        let a = b.body.attr("at")?;
        match &a.expr.kind {
            ExprKind::Str(s) if parse_path(s).is_some() => Some(s.clone()),
            _ => {
                self.error(
                    a.expr.span,
                    "`at` must be an attribute path in quotes, such as \"enable_key_rotation\" or \"rule[0].expiration[0].days\"",
                );
                None
            }
        }
    }

    /// `autofix { attribute = "name", value = <bool, number or string literal> }` in a check:
    /// at most one, a top-level argument name and a literal (the fixer writes nothing computed).
    fn check_fix(&mut self, b: &Block) -> Option<CheckFix> {
        let blocks: Vec<&Block> = b.body.blocks("autofix").collect();
        let [blk] = blocks.as_slice() else {
            if let Some(extra) = blocks.get(1) {
                self.error(extra.header, "a check has at most one `autofix` block");
            }
            return None;
        };
        for a in &blk.body.attrs {
            if a.name != "attribute" && a.name != "value" {
                self.error(
                    a.span,
                    format!(
                        "unknown attribute `{}` in `autofix`; expected attribute, value",
                        a.name
                    ),
                );
            }
        }
        for nested in &blk.body.blocks {
            self.error(
                nested.header,
                "`autofix` has the attributes attribute and value, no blocks",
            );
        }
        let attribute = match blk.body.attr("attribute").map(|a| &a.expr) {
            Some(Expr {
                kind: ExprKind::Str(s),
                ..
            }) if argument_name(s) => s.clone(),
            Some(e) => {
                self.error(e.span, "`attribute` must be a top-level argument name in quotes, such as \"versioning_enabled\"");
                return None;
            }
            None => {
                self.error(blk.header, "`autofix` needs `attribute = \"NAME\"`");
                return None;
            }
        };
        let value = match blk.body.attr("value").map(|a| &a.expr) {
            Some(Expr {
                kind: ExprKind::Bool(v),
                ..
            }) => FixValue::Bool(*v),
            Some(Expr {
                kind: ExprKind::Number(n),
                ..
            }) if n.is_finite() => FixValue::Number(*n),
            Some(Expr {
                kind: ExprKind::Str(s),
                ..
            }) if !s.chars().any(char::is_control) => FixValue::Str(s.clone()),
            Some(e) => {
                self.error(e.span, "`value` must be a literal bool, number or string");
                return None;
            }
            None => {
                self.error(blk.header, "`autofix` needs `value = <literal>`");
                return None;
            }
        };
        Some(CheckFix { attribute, value })
    }

    fn example(&mut self, b: &Block) -> Option<RuleExample> {
        let kind = match b.labels.as_slice() {
            [k] if k == "pass" || k == "fail" => k.clone(),
            _ => {
                self.error(b.header, "an example is `example \"pass\" { code = ... }` or `example \"fail\" { code = ... }`");
                return None;
            }
        };
        for a in &b.body.attrs {
            if a.name != "code" {
                self.error(
                    a.span,
                    format!(
                        "unknown attribute `{}` in an example; expected `code`",
                        a.name
                    ),
                );
            }
        }
        let Some(code) = b.body.attr("code") else {
            self.error(b.header, "an example needs `code = <<-EOT ... EOT`");
            return None;
        };
        let (v, errors) = self.consts.eval(&code.expr, self.file);
        if let Some(e) = errors.first() {
            self.error(
                code.expr.span,
                format!("`code`: {e} (write Terraform's `${{` as `$${{`)"),
            );
            return None;
        }
        let Some(text) = v.as_str() else {
            self.error(code.expr.span, "`code` must be a string (a heredoc)");
            return None;
        };
        let line = self.text[..(b.header.start as usize).min(self.text.len())]
            .matches('\n')
            .count()
            + 1;
        Some(RuleExample {
            kind,
            code: text.to_string(),
            origin: format!("{}:{line}", crate::source::display_path(self.path)),
        })
    }

    /// Names, helpers and functions an expression uses must exist.
    fn validate(&mut self, e: &Expr) {
        each_expr(e, &mut Vec::new(), &mut |x, scope| {
            self.check_expr(x, scope)
        });
    }

    fn check_expr(&mut self, e: &Expr, scope: &[String]) {
        match &e.kind {
            ExprKind::Var(name) => self.name(name, e.span, scope),
            ExprKind::Traversal(root, ops) => {
                if let (ExprKind::Var(n), Some(Traverse::Attr(k))) = (&root.kind, ops.first()) {
                    if n == "settings" && !scope.contains(n) {
                        self.settings_attribute(k, e.span);
                    }
                }
            }
            ExprKind::Call(c) => self.call(c, e.span),
            _ => {}
        }
    }

    /// `settings.<k>`: a built-in key or one the rule declares.
    fn settings_attribute(&mut self, k: &str, span: Span) {
        if SETTINGS_KEYS.contains(&k) || self.declared.iter().any(|d| d == k) {
            return;
        }
        let mut known: Vec<&str> = SETTINGS_KEYS.to_vec();
        known.extend(self.declared.iter().map(String::as_str));
        self.error(
            span,
            format!(
                "`settings` has no attribute `{k}`; it has {}",
                known.join(", ")
            ),
        );
    }

    fn call(&mut self, c: &Call, span: Span) {
        let name = c.name.as_str();
        if let Some((_, arity)) = HELPERS.iter().find(|(h, _)| *h == name) {
            if c.args.len() != *arity || c.expand_final {
                self.error(
                    span,
                    format!(
                        "{name}() takes {arity} argument{}",
                        if *arity == 1 { "" } else { "s" }
                    ),
                );
            }
            self.helper_args(name, &c.args);
        } else if FILE_FUNCTIONS.contains(&name) {
            self.error(
                span,
                format!("{name}() reads files and is not available in rules"),
            );
        } else if !(name == "try"
            || name == "can"
            || crate::terraform::functions::SUPPORTED.contains(&name))
        {
            let mut msg = format!("unknown function or helper `{name}`");
            if let Some(s) = suggest(name) {
                msg.push_str(&format!("; did you mean `{s}`?"));
            }
            self.error(span, msg).help = Some(
                "rules can call Terraform's functions and the helpers related, resources, statements and refers_to".into(),
            );
        }
    }

    /// The literal arguments of a helper call that can be checked before any resource is seen:
    /// a resource type, an attribute path, a target string.
    fn helper_args(&mut self, name: &str, args: &[Expr]) {
        if matches!(name, "related" | "resources") {
            if let Some(a) = args.first() {
                match literal_type(a) {
                    Some("string") => {
                        if let ExprKind::Str(s) = &a.kind {
                            let t = s.strip_prefix("data.").unwrap_or(s);
                            if !valid_type(t) {
                                self.error(a.span, format!("{s:?} is not a resource type (write `aws_s3_bucket`, or `data.aws_iam_policy_document` for a data source)"));
                            }
                        }
                    }
                    Some(t) => {
                        self.error(
                            a.span,
                            format!("{name}(): the resource type must be a string, got a {t}"),
                        );
                    }
                    None => {}
                }
            }
        }
        let Some(a) = args.get(1) else { return };
        if name == "related" {
            match (&a.kind, literal_type(a)) {
                (ExprKind::Str(s), _) if parse_path(s).is_none() => {
                    self.error(a.span, format!("related(): {s:?} is not an attribute path such as \"bucket\" or \"rule.kms_master_key_id\""));
                }
                (_, Some(t)) if t != "string" => {
                    self.error(
                        a.span,
                        format!("related(): the attribute must be a string, got a {t}"),
                    );
                }
                _ => {}
            }
        }
        if name == "refers_to" {
            if let Some(t) = literal_type(a).filter(|t| *t != "string") {
                self.error(a.span, format!("refers_to(): the target must be a resource type or address string, got a {t}"));
            }
        }
    }

    fn name(&mut self, name: &str, span: Span, scope: &[String]) {
        if scope.iter().any(|s| s == name) || BOUND_NAMES.contains(&name) {
            return;
        }
        let hint = match name {
            "var" | "local" | "module" | "data" | "each" | "count" | "path" | "terraform" => {
                format!(" (`{name}` belongs to Terraform configuration; a rule sees the evaluated resource as `self`)")
            }
            _ if name.starts_with("aws_") => {
                " (use resources(\"TYPE\") or related(\"TYPE\", \"attribute\") to reach other resources)"
                    .to_string()
            }
            _ => String::new(),
        };
        self.error(
            span,
            format!(
                "unknown name `{name}`{hint}; a rule can use {} and the variables of its `for` expressions",
                BOUND_NAMES.join(", ")
            ),
        );
    }
}

fn valid_id(id: &str) -> bool {
    let mut chars = id.chars();
    id.len() <= 32
        && matches!(chars.next(), Some(c) if c.is_ascii_alphabetic())
        && id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
}

/// A top-level argument name as the AWS provider spells them: `versioning_enabled`.
fn argument_name(t: &str) -> bool {
    t.starts_with(|c: char| c.is_ascii_lowercase())
        && t.chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}

fn valid_type(t: &str) -> bool {
    let mut chars = t.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_lowercase())
        && t.contains('_')
        && t.chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}

/// The type of a literal expression: `bool`, `string`, `number`, `null`, `list`, `object`.
fn literal_type(e: &Expr) -> Option<&'static str> {
    match &e.kind {
        ExprKind::Null => Some("null"),
        ExprKind::Bool(_) => Some("bool"),
        ExprKind::Number(_) => Some("number"),
        ExprKind::Str(_) => Some("string"),
        ExprKind::Template(parts) if parts.len() != 1 => Some("string"),
        ExprKind::Template(parts) if matches!(parts[0], TemplatePart::Lit(_)) => Some("string"),
        ExprKind::Tuple(_) => Some("list"),
        ExprKind::Object(_) => Some("object"),
        ExprKind::Paren(x) => literal_type(x),
        _ => None,
    }
}

/// Every expression in `e`, outermost first and in source order, each with the variables of
/// the `for` expressions around it: the one walk behind name checking and `self` paths.
fn each_expr(e: &Expr, scope: &mut Vec<String>, f: &mut dyn FnMut(&Expr, &[String])) {
    f(e, scope);
    match &e.kind {
        ExprKind::Null
        | ExprKind::Bool(_)
        | ExprKind::Number(_)
        | ExprKind::Str(_)
        | ExprKind::Var(_) => {}
        ExprKind::Template(parts) => each_in_template(parts, scope, f),
        ExprKind::Tuple(items) => items.iter().for_each(|i| each_expr(i, scope, f)),
        ExprKind::Object(items) => {
            for (k, v) in items {
                if let ObjectKey::Expr(k) = k {
                    // A bare name as a key is its text, as in Terraform.
                    if k.as_ident().is_none() {
                        each_expr(k, scope, f);
                    }
                }
                each_expr(v, scope, f);
            }
        }
        ExprKind::Traversal(root, ops) => {
            each_expr(root, scope, f);
            for op in ops {
                if let Traverse::Index(ix) = op {
                    each_expr(ix, scope, f);
                }
            }
        }
        ExprKind::Call(c) => c.args.iter().for_each(|a| each_expr(a, scope, f)),
        ExprKind::Conditional(c) => c.iter().for_each(|x| each_expr(x, scope, f)),
        ExprKind::Unary(_, x) | ExprKind::Paren(x) => each_expr(x, scope, f),
        ExprKind::Binary(_, xs) => xs.iter().for_each(|x| each_expr(x, scope, f)),
        ExprKind::For(fe) => {
            each_expr(&fe.collection, scope, f);
            let n = scope.len();
            scope.push(fe.value_var.clone());
            if let Some(k) = &fe.key_var {
                scope.push(k.clone());
            }
            if let Some(k) = &fe.key_expr {
                each_expr(k, scope, f);
            }
            each_expr(&fe.value_expr, scope, f);
            if let Some(c) = &fe.cond {
                each_expr(c, scope, f);
            }
            scope.truncate(n);
        }
    }
}

fn each_in_template(
    parts: &[TemplatePart],
    scope: &mut Vec<String>,
    f: &mut dyn FnMut(&Expr, &[String]),
) {
    for p in parts {
        match p {
            TemplatePart::Lit(_) => {}
            TemplatePart::Interp(e) => each_expr(e, scope, f),
            TemplatePart::If {
                cond,
                then,
                otherwise,
            } => {
                each_expr(cond, scope, f);
                each_in_template(then, scope, f);
                each_in_template(otherwise, scope, f);
            }
            TemplatePart::For {
                key_var,
                value_var,
                collection,
                body,
            } => {
                each_expr(collection, scope, f);
                let n = scope.len();
                scope.push(value_var.clone());
                if let Some(k) = key_var {
                    scope.push(k.clone());
                }
                each_in_template(body, scope, f);
                scope.truncate(n);
            }
        }
    }
}

/// `self.<path>` traversals of an expression, in source order (static attributes and
/// literal indices only).
fn self_paths(e: &Expr) -> Vec<Vec<Seg>> {
    let mut out = Vec::new();
    each_expr(e, &mut Vec::new(), &mut |x, _| {
        if let ExprKind::Traversal(root, ops) = &x.kind {
            if matches!(&root.kind, ExprKind::Var(n) if n == "self") {
                let segs = static_path(ops);
                if !segs.is_empty() {
                    out.push(segs);
                }
            }
        }
    });
    out
}

/// The leading attributes and literal indices of a traversal.
fn static_path(ops: &[Traverse]) -> Vec<Seg> {
    let mut segs = Vec::new();
    for op in ops {
        match op {
            Traverse::Attr(a) => segs.push(Seg::Attr(a.clone())),
            Traverse::Index(ix) => match &ix.kind {
                ExprKind::Number(n) if *n >= 0.0 && n.fract() == 0.0 => {
                    segs.push(Seg::Index(*n as usize))
                }
                ExprKind::Str(s) => segs.push(Seg::Attr(s.clone())),
                _ => break,
            },
            _ => break,
        }
    }
    segs
}

/// The closest helper or function name within two edits.
fn suggest(name: &str) -> Option<&'static str> {
    HELPERS
        .iter()
        .map(|(h, _)| *h)
        .chain(crate::terraform::functions::SUPPORTED.iter().copied())
        .map(|c| (crate::text::edit_distance(name, c), c))
        .filter(|(d, _)| *d <= 2)
        .min()
        .map(|(_, c)| c)
}

/// The built-in rules written in the policy language (their policy files' `check` blocks),
/// compiled once, with any compile errors (a build defect the tests catch).
pub static BUILTIN_CHECKS: LazyLock<(Vec<CustomRule>, Vec<Diagnostic>)> = LazyLock::new(|| {
    let mut rules = Vec::new();
    let mut diags = Vec::new();
    for (name, text) in meta::POLICY_FILES {
        if !text.contains("check \"") {
            continue;
        }
        let (r, d) = compile_text(
            text,
            Path::new(&format!("rules/{name}")),
            None,
            LoadMode::Test,
        );
        rules.extend(r.into_iter().filter(|r| !r.checks.is_empty()));
        diags.extend(d);
    }
    (rules, diags)
});

/// Run the checks of a built-in rule written in the policy language.
pub fn run_builtin(id: &str, cx: &super::Ctx<'_>) -> Vec<super::Verdict> {
    BUILTIN_CHECKS
        .0
        .iter()
        .find(|r| r.id == id)
        .map(|r| engine::check_rule(r, cx).0)
        .unwrap_or_default()
}

/// The text of a rule's check blocks, for its documentation page.
pub fn checks_text(rule: &CustomRule, sources: &Sources) -> Option<String> {
    let f = sources.get(rule.file?);
    let body = crate::parse::parse_hcl(&f.text).ok()?;
    let block = body
        .blocks("rule")
        .find(|b| b.labels.first().is_some_and(|l| *l == *rule.id))?;
    let texts: Vec<String> = block
        .body
        .blocks("check")
        .filter_map(|c| {
            // From the start of the block's line, dedented by the block's indentation.
            let start = f.text[..c.span.start as usize]
                .rfind('\n')
                .map_or(0, |i| i + 1);
            let indent = c.span.start as usize - start;
            let text = f.text.get(start..c.span.end as usize)?;
            Some(
                text.lines()
                    .map(|l| {
                        let n = l.len() - l.trim_start().len();
                        &l[n.min(indent)..]
                    })
                    .collect::<Vec<_>>()
                    .join("\n"),
            )
        })
        .collect();
    Some(texts.join("\n\n"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_parse() {
        assert_eq!(
            parse_path("rule[0].expiration[1].days"),
            Some(vec![
                Seg::Attr("rule".into()),
                Seg::Index(0),
                Seg::Attr("expiration".into()),
                Seg::Index(1),
                Seg::Attr("days".into()),
            ])
        );
        assert_eq!(parse_path("a..b"), None);
        assert_eq!(parse_path("a[x]"), None);
        assert_eq!(path_string(&parse_path("a[0].b").unwrap()), "a[0].b");
    }

    #[test]
    fn builtin_checks_compile() {
        let (rules, diags) = &*BUILTIN_CHECKS;
        assert!(diags.is_empty(), "{diags:#?}");
        let ids: Vec<&str> = rules.iter().map(|r| r.id.as_str()).collect();
        assert_eq!(ids, ["PE001", "PE004"]);
    }

    /// `self` paths in source order, from every place an expression can hold one: object
    /// keys and values, `for` collections, values and conditions, templates' interpolations,
    /// `if` and `for` directives, index expressions; a dynamic index ends the path.
    #[test]
    fn self_paths_are_found_everywhere_in_source_order() {
        let body = crate::parse::parse_hcl(concat!(
            "x = {\n",
            "  (self.k) = [for v in self.list : v.a if self.on]\n",
            "  y = \"${self.t[0].u}%{ if self.c }${self.w[\"q\"]}%{ endif }%{ for z in self.zs }${z}%{ endfor }\"\n",
            "  n = self.m[self.i].after\n",
            "}\n",
        ))
        .unwrap();
        let got: Vec<String> = self_paths(&body.attr("x").unwrap().expr)
            .iter()
            .map(|p| path_string(p))
            .collect();
        assert_eq!(
            got,
            ["k", "list", "on", "t[0].u", "c", "w.q", "zs", "m", "i"]
        );
    }

    /// The names a `for` binds are known inside it and nowhere else, in expressions and in
    /// template directives; each unknown name is one error, in source order.
    #[test]
    fn for_variables_are_in_scope_only_inside_their_for() {
        let text = concat!(
            "rule \"ORG001\" {\n",
            "  check \"aws_s3_bucket\" {\n",
            "    assert  = alltrue([for k, v in self.tags : v != k]) && k == \"\"\n",
            "    message = \"%{ for m in self.list }${m}%{ endfor }${m}\"\n",
            "  }\n",
            "}\n",
        );
        let (_, diags) = compile_text(text, Path::new("r.hcl"), None, LoadMode::Lint);
        // The rule's missing metadata is another error, not this test's.
        let got: Vec<&str> = diags
            .iter()
            .filter(|d| d.message.starts_with("unknown"))
            .map(|d| d.message.split(';').next().unwrap())
            .collect();
        assert_eq!(got, ["unknown name `k`", "unknown name `m`"], "{diags:#?}");
    }

    #[test]
    fn suggestions() {
        assert_eq!(suggest("relatd"), Some("related"));
        assert_eq!(suggest("lenght"), Some("length"));
        assert_eq!(suggest("zzzzzzzz"), None);
    }
}

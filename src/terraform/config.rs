//! A module's configuration: the declarations of one directory's `.tf`/`.tf.json` files,
//! before evaluation.

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

use crate::diag::Diagnostic;
use crate::parse::ParsedFile;
use crate::source::{FileId, Loc, Span};
use crate::syntax::{Attribute, Block, Body, Expr, ExprKind};

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Mode {
    Managed,
    Data,
}

impl Mode {
    pub fn as_str(self) -> &'static str {
        match self {
            Mode::Managed => "managed",
            Mode::Data => "data",
        }
    }
}

#[derive(Debug)]
pub struct VariableDecl {
    pub name: String,
    pub default: Option<Expr>,
    pub type_expr: Option<Expr>,
    /// `nullable` (default true): a caller's `null` sets the variable to null; with
    /// `nullable = false` it means "use the default".
    pub nullable: bool,
    pub loc: Loc,
    /// `validation` blocks: `condition` and `error_message`, checked as `terraform plan` does.
    pub validations: Vec<Body>,
}

#[derive(Debug)]
pub struct LocalDecl {
    pub name: String,
    pub expr: Expr,
    pub loc: Loc,
}

#[derive(Debug)]
pub struct ResourceDecl {
    pub mode: Mode,
    pub rtype: String,
    pub name: String,
    pub body: Body,
    pub file: FileId,
    /// Top-level arguments and nested block types that an override file set, and its file.
    pub from_files: BTreeMap<String, FileId>,
    pub span: Span,
    pub header: Span,
}

impl ResourceDecl {
    pub fn count(&self) -> Option<&Attribute> {
        self.body.attr("count")
    }
    pub fn for_each(&self) -> Option<&Attribute> {
        self.body.attr("for_each")
    }
}

#[derive(Debug)]
pub struct ModuleCallDecl {
    pub name: String,
    pub source: Option<String>,
    pub body: Body,
    pub file: FileId,
    pub span: Span,
    pub header: Span,
}

#[derive(Debug)]
pub struct OutputDecl {
    pub name: String,
    pub expr: Option<Expr>,
    pub loc: Loc,
}

#[derive(Debug)]
pub struct ProviderDecl {
    pub name: String,
    pub alias: Option<String>,
    pub body: Body,
    pub file: FileId,
    pub span: Span,
}

impl ProviderDecl {
    /// `aws` or `aws.alias`.
    pub fn key(&self) -> String {
        match &self.alias {
            Some(a) => format!("{}.{a}", self.name),
            None => self.name.clone(),
        }
    }
}

#[derive(Debug, Default)]
pub struct ModuleConfig {
    pub dir: PathBuf,
    pub files: Vec<FileId>,
    pub variables: BTreeMap<String, VariableDecl>,
    pub locals: BTreeMap<String, LocalDecl>,
    pub resources: Vec<ResourceDecl>,
    pub calls: Vec<ModuleCallDecl>,
    pub outputs: BTreeMap<String, OutputDecl>,
    pub providers: Vec<ProviderDecl>,
    /// A `terraform { backend ... }` or `cloud` block: the directory is meant to be a root.
    pub has_backend: bool,
    pub diagnostics: Vec<Diagnostic>,
    /// (mode, type, name) -> index in `resources`.
    pub resource_index: std::collections::HashMap<(Mode, String, String), usize>,
}

impl ModuleConfig {
    /// Build from the directory's parsed files (consumed: their trees move into the config).
    ///
    /// Override files (`override.tf`, `*_override.tf` and their `.tf.json` forms) are merged
    /// after every other file, in the lexical order of their names, as Terraform's loader does.
    pub fn build(dir: PathBuf, files: Vec<ParsedFile>) -> ModuleConfig {
        let mut m = ModuleConfig {
            dir,
            ..Default::default()
        };
        let (mut overrides, normal): (Vec<_>, Vec<_>) = files.into_iter().partition(is_override);
        overrides.sort_by(|a, b| a.path.file_name().cmp(&b.path.file_name()));
        for f in normal.into_iter().chain(overrides) {
            m.files.push(f.file);
            let override_file = is_override(&f);
            if let Some(body) = f.body {
                m.add_body(f.file, body, override_file);
            }
        }
        m
    }

    fn add_body(&mut self, file: FileId, body: Body, override_file: bool) {
        for b in body.blocks {
            self.add_block(file, b, override_file);
        }
        for a in body.attrs {
            self.diagnostics.push(
                Diagnostic::warning(
                    "unexpected-attribute",
                    format!(
                        "`{}` is not valid at the top level of a Terraform file",
                        a.name
                    ),
                )
                .at(file, a.span),
            );
        }
    }

    fn add_block(&mut self, file: FileId, b: Block, override_file: bool) {
        match (b.kind.as_str(), b.labels.len()) {
            ("variable", 1) => self.add_variable(file, b, override_file),
            ("locals", 0) => self.add_locals(file, b, override_file),
            ("resource" | "data", 2) => self.add_resource(file, b, override_file),
            ("module", 1) => self.add_module(file, b, override_file),
            ("output", 1) => self.add_output(file, b, override_file),
            ("provider", 1) => self.add_provider(file, b, override_file),
            ("terraform", 0) => self.add_terraform(&b, override_file),
            ("moved" | "import" | "check" | "removed", _) => {}
            (kind, n) => self.diagnostics.push(
                Diagnostic::warning(
                    "unexpected-block",
                    format!("unexpected block `{kind}` with {n} label(s); ignored"),
                )
                .at(file, b.header),
            ),
        }
    }

    /// Terraform refuses an override of something the other files do not declare ("Missing
    /// base ... to override") and a second declaration of the same thing outside override
    /// files: either way there is no plan, so the run fails rather than picking one.
    fn refuse(&mut self, file: FileId, at: Span, code: &'static str, message: String) {
        self.diagnostics
            .push(Diagnostic::error(code, message).at(file, at));
    }

    fn add_variable(&mut self, file: FileId, b: Block, override_file: bool) {
        let name = b.labels[0].clone();
        let mut body = b.body;
        let default = take_attr(&mut body, "default");
        let type_expr = take_attr(&mut body, "type");
        let nullable =
            take_attr(&mut body, "nullable").map(|e| !matches!(e.kind, ExprKind::Bool(false)));
        let validations: Vec<Body> = body.blocks("validation").map(|v| v.body.clone()).collect();
        match (override_file, self.variables.get_mut(&name)) {
            (true, Some(v)) => {
                // Each argument the override sets replaces the base's; the rest are kept.
                if default.is_some() {
                    v.default = default;
                }
                if type_expr.is_some() {
                    v.type_expr = type_expr;
                }
                if let Some(n) = nullable {
                    v.nullable = n;
                }
                // A nested block type in an override replaces all of the base's.
                if !validations.is_empty() {
                    v.validations = validations;
                }
            }
            (true, None) => self.refuse(
                file,
                b.header,
                "override-without-base",
                format!(
                    "variable \"{name}\" is overridden but not declared in a non-override file"
                ),
            ),
            (false, Some(_)) => self.refuse(
                file,
                b.header,
                "duplicate-variable",
                format!("variable \"{name}\" is declared more than once"),
            ),
            (false, None) => {
                let loc = Loc {
                    file: Some(file),
                    span: b.header,
                };
                self.variables.insert(
                    name.clone(),
                    VariableDecl {
                        name,
                        default,
                        type_expr,
                        nullable: nullable.unwrap_or(true),
                        loc,
                        validations,
                    },
                );
            }
        }
    }

    fn add_locals(&mut self, file: FileId, b: Block, override_file: bool) {
        for a in b.body.attrs {
            let known = self.locals.contains_key(&a.name);
            if override_file && !known {
                self.refuse(
                    file,
                    a.span,
                    "override-without-base",
                    format!(
                        "local.{} is overridden but not defined in a non-override file",
                        a.name
                    ),
                );
                continue;
            }
            if !override_file && known {
                self.refuse(
                    file,
                    a.span,
                    "duplicate-local",
                    format!("local.{} is defined more than once", a.name),
                );
            }
            self.locals.insert(
                a.name.clone(),
                LocalDecl {
                    name: a.name,
                    expr: a.expr,
                    loc: Loc {
                        file: Some(file),
                        span: a.span,
                    },
                },
            );
        }
    }

    fn add_resource(&mut self, file: FileId, b: Block, override_file: bool) {
        let mode = if b.kind == "resource" {
            Mode::Managed
        } else {
            Mode::Data
        };
        let (rtype, name) = (b.labels[0].clone(), b.labels[1].clone());
        let shown = format!(
            "{}{rtype}.{name}",
            if mode == Mode::Data { "data." } else { "" }
        );
        let key = (mode, rtype.clone(), name.clone());
        let existing = self.resource_index.get(&key).copied();
        match (override_file, existing) {
            (true, Some(i)) => {
                let r = &mut self.resources[i];
                for name in b.body.attrs.iter().map(|a| a.name.as_str()) {
                    r.from_files.insert(name.to_string(), file);
                }
                for name in b.body.blocks.iter().map(block_type) {
                    r.from_files.insert(name.to_string(), file);
                }
                merge_resource(&mut r.body, b.body);
            }
            (true, None) => self.refuse(
                file,
                b.header,
                "override-without-base",
                format!("{shown} is overridden but not declared in a non-override file"),
            ),
            (false, Some(_)) => self.refuse(
                file,
                b.header,
                "duplicate-resource",
                format!("{shown} is declared more than once"),
            ),
            (false, None) => {
                self.resource_index.insert(key, self.resources.len());
                self.resources.push(ResourceDecl {
                    mode,
                    rtype,
                    name,
                    body: b.body,
                    file,
                    from_files: BTreeMap::new(),
                    span: b.span,
                    header: b.header,
                });
            }
        }
    }

    fn add_module(&mut self, file: FileId, b: Block, override_file: bool) {
        let name = b.labels[0].clone();
        let source = call_source(&b.body);
        let existing = self.calls.iter().position(|c| c.name == name);
        match (override_file, existing) {
            (true, Some(i)) => {
                let call = &mut self.calls[i];
                merge_body(&mut call.body, b.body);
                call.source = call
                    .body
                    .attr("source")
                    .and_then(|a| literal_string(&a.expr));
            }
            (true, None) => self.refuse(
                file,
                b.header,
                "override-without-base",
                format!("module \"{name}\" is overridden but not called in a non-override file"),
            ),
            (false, Some(_)) => self.refuse(
                file,
                b.header,
                "duplicate-module",
                format!("module \"{name}\" is called more than once"),
            ),
            (false, None) => self.calls.push(ModuleCallDecl {
                name,
                source,
                body: b.body,
                file,
                span: b.span,
                header: b.header,
            }),
        }
    }

    fn add_output(&mut self, file: FileId, b: Block, override_file: bool) {
        let name = b.labels[0].clone();
        let mut body = b.body;
        let expr = take_attr(&mut body, "value");
        match (override_file, self.outputs.get_mut(&name)) {
            // An override that sets only `description` (or `sensitive`) keeps the value.
            (true, Some(o)) => {
                if expr.is_some() {
                    o.expr = expr;
                }
            }
            (true, None) => self.refuse(
                file,
                b.header,
                "override-without-base",
                format!("output \"{name}\" is overridden but not declared in a non-override file"),
            ),
            (false, Some(_)) => self.refuse(
                file,
                b.header,
                "duplicate-output",
                format!("output \"{name}\" is declared more than once"),
            ),
            (false, None) => {
                let loc = Loc {
                    file: Some(file),
                    span: b.header,
                };
                self.outputs
                    .insert(name.clone(), OutputDecl { name, expr, loc });
            }
        }
    }

    fn add_provider(&mut self, file: FileId, b: Block, override_file: bool) {
        let name = b.labels[0].clone();
        let alias = b.body.attr("alias").and_then(|a| literal_string(&a.expr));
        let decl = ProviderDecl {
            name,
            alias,
            body: b.body,
            file,
            span: b.span,
        };
        let key = decl.key();
        let existing = self.providers.iter().position(|p| p.key() == key);
        match (override_file, existing) {
            (true, Some(i)) => merge_body(&mut self.providers[i].body, decl.body),
            (true, None) => self.refuse(
                file,
                b.header,
                "override-without-base",
                format!(
                    "provider \"{key}\" is overridden but not configured in a non-override file"
                ),
            ),
            (false, Some(_)) => self.refuse(
                file,
                b.header,
                "duplicate-provider",
                format!("provider \"{key}\" is configured more than once"),
            ),
            (false, None) => self.providers.push(decl),
        }
    }

    /// A backend or a provider configuration: the directory is meant to be planned as a root,
    /// whether or not another module calls it.
    pub fn declares_root(&self) -> bool {
        self.has_backend || !self.providers.is_empty()
    }

    /// Only what decides whether the directory is a root: a `backend` or `cloud` block. An
    /// override's backend replaces the base's, which keeps it a backend.
    fn add_terraform(&mut self, b: &Block, _override_file: bool) {
        if b.body.blocks("backend").next().is_some() || b.body.blocks("cloud").next().is_some() {
            self.has_backend = true;
        }
    }
}

fn is_override(f: &ParsedFile) -> bool {
    f.path
        .file_name()
        .and_then(|n| n.to_str())
        .is_some_and(|n| {
            n == "override.tf"
                || n.ends_with("_override.tf")
                || n == "override.tf.json"
                || n.ends_with("_override.tf.json")
        })
}

/// Terraform's `MergeBodies`: an argument in the override replaces the base's; a nested block
/// type in the override replaces *all* the base's blocks of that type, static or `dynamic`
/// (a `dynamic "x"` in the override counts as type `x`); nested blocks are not merged further.
/// JSON syntax has no schema here, so a JSON override's nested block is an argument of that
/// name: an argument and a block type of the same name replace each other.
fn merge_body(base: &mut Body, over: Body) {
    let replaced: BTreeSet<&str> = over
        .attrs
        .iter()
        .map(|a| a.name.as_str())
        .chain(over.blocks.iter().map(block_type))
        .collect();
    base.attrs.retain(|a| !replaced.contains(a.name.as_str()));
    base.blocks.retain(|b| !replaced.contains(block_type(b)));
    base.attrs.extend(over.attrs);
    base.blocks.extend(over.blocks);
}

/// The type a nested block produces: a `dynamic` block's label.
fn block_type(b: &Block) -> &str {
    match (b.kind.as_str(), b.labels.first()) {
        ("dynamic", Some(label)) => label,
        (kind, _) => kind,
    }
}

/// A resource's `lifecycle` block is merged argument by argument (Terraform's
/// `Resource.merge`); everything else as [`merge_body`].
fn merge_resource(base: &mut Body, mut over: Body) {
    let over_lifecycle: Vec<Block> = take_blocks(&mut over, "lifecycle");
    if !over_lifecycle.is_empty() {
        let mut merged = take_blocks(base, "lifecycle")
            .into_iter()
            .next()
            .unwrap_or_else(|| {
                let first = &over_lifecycle[0];
                Block {
                    kind: "lifecycle".into(),
                    labels: vec![],
                    body: Body::default(),
                    span: first.span,
                    header: first.header,
                }
            });
        for l in over_lifecycle {
            let names: BTreeSet<String> = l.body.attrs.iter().map(|a| a.name.clone()).collect();
            merged.body.attrs.retain(|a| !names.contains(&a.name));
            merged.body.attrs.extend(l.body.attrs);
            merged.body.blocks.extend(l.body.blocks);
        }
        base.blocks.push(merged);
    }
    merge_body(base, over);
}

fn take_blocks(body: &mut Body, kind: &str) -> Vec<Block> {
    let (taken, kept): (Vec<Block>, Vec<Block>) = std::mem::take(&mut body.blocks)
        .into_iter()
        .partition(|b| b.kind == kind);
    body.blocks = kept;
    taken
}

/// A call's literal `source`, a local path in the form Terraform normalises it to.
fn call_source(body: &Body) -> Option<String> {
    let raw = body.attr("source").and_then(|a| literal_string(&a.expr))?;
    Some(super::local_source(&raw).unwrap_or(raw))
}

fn take_attr(body: &mut Body, name: &str) -> Option<Expr> {
    let i = body.attrs.iter().position(|a| a.name == name)?;
    Some(body.attrs.remove(i).expr)
}

/// A string literal (or a template with no interpolation).
pub fn literal_string(e: &Expr) -> Option<String> {
    match &e.kind {
        ExprKind::Str(s) => Some(s.clone()),
        _ => None,
    }
}

//! A module's configuration: the declarations of one directory's `.tf`/`.tf.json` files,
//! before evaluation.

use std::collections::BTreeMap;
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
    pub diagnostics: Vec<Diagnostic>,
    /// (mode, type, name) -> index in `resources`.
    pub resource_index: std::collections::HashMap<(Mode, String, String), usize>,
}

impl ModuleConfig {
    /// Build from the directory's parsed files (consumed: their trees move into the config).
    pub fn build(dir: PathBuf, files: Vec<ParsedFile>) -> ModuleConfig {
        let mut m = ModuleConfig {
            dir,
            ..Default::default()
        };
        // `_override.tf` files merge into the base definitions; applied after the others.
        let (overrides, normal): (Vec<_>, Vec<_>) = files.into_iter().partition(is_override);
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
        let loc = |span| Loc {
            file: Some(file),
            span,
        };
        match (b.kind.as_str(), b.labels.len()) {
            ("variable", 1) => {
                let name = b.labels[0].clone();
                let mut body = b.body;
                let default = take_attr(&mut body, "default");
                let type_expr = take_attr(&mut body, "type");
                let nullable = !matches!(
                    take_attr(&mut body, "nullable").map(|e| e.kind),
                    Some(ExprKind::Bool(false))
                );
                let validations = body.blocks("validation").map(|v| v.body.clone()).collect();
                if override_file {
                    if let Some(v) = self.variables.get_mut(&name) {
                        if default.is_some() {
                            v.default = default;
                        }
                        if type_expr.is_some() {
                            v.type_expr = type_expr;
                        }
                        return;
                    }
                }
                self.variables.insert(
                    name.clone(),
                    VariableDecl {
                        name,
                        default,
                        type_expr,
                        nullable,
                        loc: loc(b.header),
                        validations,
                    },
                );
            }
            ("locals", 0) => {
                for a in b.body.attrs {
                    if !override_file && self.locals.contains_key(&a.name) {
                        self.diagnostics.push(
                            Diagnostic::error(
                                "duplicate-local",
                                format!("local.{} is defined more than once", a.name),
                            )
                            .at(file, a.span),
                        );
                    }
                    self.locals.insert(
                        a.name.clone(),
                        LocalDecl {
                            name: a.name,
                            expr: a.expr,
                            loc: loc(a.span),
                        },
                    );
                }
            }
            ("resource" | "data", 2) => {
                let mode = if b.kind == "resource" {
                    Mode::Managed
                } else {
                    Mode::Data
                };
                let (rtype, name) = (b.labels[0].clone(), b.labels[1].clone());
                let key = (mode, rtype.clone(), name.clone());
                if override_file {
                    if let Some(&i) = self.resource_index.get(&key) {
                        merge_override(&mut self.resources[i].body, b.body);
                        return;
                    }
                }
                if self.resource_index.contains_key(&key) {
                    self.diagnostics.push(
                        Diagnostic::error(
                            "duplicate-resource",
                            format!(
                                "{}{rtype}.{name} is declared more than once",
                                if mode == Mode::Data { "data." } else { "" }
                            ),
                        )
                        .at(file, b.header),
                    );
                    return;
                }
                self.resource_index.insert(key, self.resources.len());
                self.resources.push(ResourceDecl {
                    mode,
                    rtype,
                    name,
                    body: b.body,
                    file,
                    span: b.span,
                    header: b.header,
                });
            }
            ("module", 1) => {
                let name = b.labels[0].clone();
                let source = b.body.attr("source").and_then(|a| literal_string(&a.expr));
                if override_file {
                    if let Some(c) = self.calls.iter_mut().find(|c| c.name == name) {
                        merge_override(&mut c.body, b.body);
                        if source.is_some() {
                            c.source = source;
                        }
                        return;
                    }
                }
                self.calls.push(ModuleCallDecl {
                    name,
                    source,
                    body: b.body,
                    file,
                    span: b.span,
                    header: b.header,
                });
            }
            ("output", 1) => {
                let name = b.labels[0].clone();
                let mut body = b.body;
                let expr = take_attr(&mut body, "value");
                self.outputs.insert(
                    name.clone(),
                    OutputDecl {
                        name,
                        expr,
                        loc: loc(b.header),
                    },
                );
            }
            ("provider", 1) => {
                let name = b.labels[0].clone();
                let alias = b.body.attr("alias").and_then(|a| literal_string(&a.expr));
                self.providers.push(ProviderDecl {
                    name,
                    alias,
                    body: b.body,
                    file,
                    span: b.span,
                });
            }
            ("terraform" | "moved" | "import" | "check" | "removed", _) => {}
            (kind, n) => self.diagnostics.push(
                Diagnostic::warning(
                    "unexpected-block",
                    format!("unexpected block `{kind}` with {n} label(s); ignored"),
                )
                .at(file, b.header),
            ),
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

fn merge_override(base: &mut Body, over: Body) {
    for a in over.attrs {
        base.attrs.retain(|x| x.name != a.name);
        base.attrs.push(a);
    }
    for b in over.blocks {
        base.blocks.retain(|x| x.kind != b.kind);
        base.blocks.push(b);
    }
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

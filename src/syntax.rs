//! pe-lint's own compact syntax tree. Both HCL native syntax (via hcl-edit) and Terraform's
//! JSON syntax are lowered into it, so the evaluator sees one shape. Every node keeps its
//! byte span; the hcl-edit tree is dropped right after lowering to keep memory low.

use crate::source::Span;

#[derive(Clone, Debug, Default)]
pub struct Body {
    pub attrs: Vec<Attribute>,
    pub blocks: Vec<Block>,
}

impl Body {
    pub fn attr(&self, name: &str) -> Option<&Attribute> {
        self.attrs.iter().find(|a| a.name == name)
    }
    pub fn blocks<'a>(&'a self, kind: &'a str) -> impl Iterator<Item = &'a Block> + 'a {
        self.blocks.iter().filter(move |b| b.kind == kind)
    }
}

#[derive(Clone, Debug)]
pub struct Attribute {
    pub name: String,
    pub expr: Expr,
    /// Whole `name = expr`.
    pub span: Span,
}

#[derive(Clone, Debug)]
pub struct Block {
    pub kind: String,
    pub labels: Vec<String>,
    pub body: Body,
    /// Whole block, header to closing brace.
    pub span: Span,
    /// The header: type and labels.
    pub header: Span,
}

#[derive(Clone, Debug)]
pub struct Expr {
    pub kind: ExprKind,
    pub span: Span,
}

#[derive(Clone, Debug)]
pub enum ExprKind {
    Null,
    Bool(bool),
    Number(f64),
    /// A string without interpolations.
    Str(String),
    Template(Vec<TemplatePart>),
    Tuple(Vec<Expr>),
    Object(Vec<(ObjectKey, Expr)>),
    /// A root name: `var`, `local`, `aws_s3_bucket`, a `for` variable, ...
    Var(String),
    Traversal(Box<Expr>, Vec<Traverse>),
    Call(Box<Call>),
    Conditional(Box<[Expr; 3]>),
    Unary(UnaryOp, Box<Expr>),
    Binary(BinaryOp, Box<[Expr; 2]>),
    For(Box<ForExpr>),
    /// Parenthesised: kept so that `(a) = 1` object keys are expressions.
    Paren(Box<Expr>),
}

#[derive(Clone, Debug)]
pub enum ObjectKey {
    /// A bare identifier: a literal key.
    Ident(String),
    Expr(Expr),
}

#[derive(Clone, Debug)]
pub enum Traverse {
    Attr(String),
    Index(Expr),
    /// `.*`: attribute-only splat; the following attribute ops apply per element.
    AttrSplat,
    /// `[*]`: full splat.
    FullSplat,
}

#[derive(Clone, Debug)]
pub struct Call {
    /// `provider::aws::arn_parse` keeps its namespace joined with `::`.
    pub name: String,
    pub args: Vec<Expr>,
    pub expand_final: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UnaryOp {
    Not,
    Neg,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BinaryOp {
    Eq,
    NotEq,
    LessEq,
    GreaterEq,
    Less,
    Greater,
    Plus,
    Minus,
    Mul,
    Div,
    Mod,
    And,
    Or,
}

#[derive(Clone, Debug)]
pub struct ForExpr {
    pub key_var: Option<String>,
    pub value_var: String,
    pub collection: Expr,
    pub key_expr: Option<Expr>,
    pub value_expr: Expr,
    pub grouping: bool,
    pub cond: Option<Expr>,
}

#[derive(Clone, Debug)]
pub enum TemplatePart {
    Lit(String),
    Interp(Expr),
    If {
        cond: Expr,
        then: Vec<TemplatePart>,
        otherwise: Vec<TemplatePart>,
    },
    For {
        key_var: Option<String>,
        value_var: String,
        collection: Expr,
        body: Vec<TemplatePart>,
    },
}

impl Expr {
    pub fn new(kind: ExprKind, span: Span) -> Expr {
        Expr { kind, span }
    }

    /// `a.b.c` as a list of names when the expression is a plain traversal of attributes.
    pub fn as_traversal_names(&self) -> Option<Vec<&str>> {
        match &self.kind {
            ExprKind::Var(name) => Some(vec![name.as_str()]),
            ExprKind::Traversal(root, ops) => {
                let mut names = root.as_traversal_names()?;
                for op in ops {
                    match op {
                        Traverse::Attr(a) => names.push(a),
                        _ => return None,
                    }
                }
                Some(names)
            }
            _ => None,
        }
    }

    /// For literal-ish expressions (block labels in JSON, `type = string`): the identifier.
    pub fn as_ident(&self) -> Option<&str> {
        match &self.kind {
            ExprKind::Var(name) => Some(name),
            _ => None,
        }
    }
}

//! Lowering of hcl-edit's syntax tree and of Terraform JSON syntax into [`crate::syntax`].

use std::collections::HashMap;

use hcl_edit::expr::{
    BinaryOperator, Expression, ObjectKey as HKey, TraversalOperator, UnaryOperator,
};
use hcl_edit::structure::{BlockLabel, Structure};
use hcl_edit::template::{Directive, Element, Strip, Template};
use hcl_edit::Span as _;

use crate::json::{JKind, JNode};
use crate::source::Span;
use crate::syntax::*;

/// Lowers hcl-edit nodes. `renames` maps placeholder object keys (used to get past hcl-edit's
/// refusal of repeated keys) back to the original key.
pub struct HclLowerer<'a> {
    pub renames: &'a HashMap<String, String>,
}

/// Collect into a new vector of exact size. `collect()` on a consumed vector reuses its buffer,
/// which here is hcl-edit's larger node type: the syntax tree would keep the parser's memory
/// alive for the whole run.
fn fresh<T>(items: impl Iterator<Item = T>) -> Vec<T> {
    let mut v = Vec::with_capacity(items.size_hint().0);
    v.extend(items);
    v.shrink_to_fit();
    v
}

fn span_of(r: Option<std::ops::Range<usize>>) -> Span {
    r.map(|r| Span::new(r.start, r.end)).unwrap_or_default()
}

impl HclLowerer<'_> {
    pub fn body(&self, body: hcl_edit::structure::Body) -> Body {
        let mut out = Body::default();
        for s in body {
            match s {
                Structure::Attribute(a) => {
                    let span = span_of(a.span());
                    out.attrs.push(Attribute {
                        name: a.key.as_str().to_string(),
                        expr: self.expr(a.value),
                        span,
                    });
                }
                Structure::Block(b) => {
                    let span = span_of(b.span());
                    let header_start = b
                        .ident
                        .span()
                        .map(|r| r.start)
                        .unwrap_or(span.start as usize);
                    let header_end = b
                        .labels
                        .last()
                        .and_then(|l| match l {
                            BlockLabel::Ident(i) => i.span(),
                            BlockLabel::String(s) => s.span(),
                        })
                        .or_else(|| b.ident.span())
                        .map(|r| r.end)
                        .unwrap_or(span.end as usize);
                    let labels = b
                        .labels
                        .iter()
                        .map(|l| match l {
                            BlockLabel::Ident(i) => i.as_str().to_string(),
                            BlockLabel::String(s) => s.as_str().to_string(),
                        })
                        .collect();
                    out.blocks.push(Block {
                        kind: b.ident.as_str().to_string(),
                        labels,
                        body: self.body(b.body),
                        span,
                        header: Span::new(header_start, header_end),
                    });
                }
            }
        }
        // Growth leaves up to half of each vector unused, and every body stays alive for the
        // whole run (docs/performance.md: memory).
        out.attrs.shrink_to_fit();
        out.blocks.shrink_to_fit();
        out
    }

    pub fn expr(&self, e: Expression) -> Expr {
        let span = span_of(e.span());
        let kind = match e {
            Expression::Null(_) => ExprKind::Null,
            Expression::Bool(b) => ExprKind::Bool(*b.value()),
            Expression::Number(n) => {
                ExprKind::Number(exact_f64(n.value(), n.as_repr().map(|r| &**r)))
            }
            Expression::String(s) => ExprKind::Str(s.value().to_string()),
            Expression::Array(a) => ExprKind::Tuple(fresh(a.into_iter().map(|x| self.expr(x)))),
            Expression::Object(o) => self.object(o),
            Expression::StringTemplate(t) => template_kind(self.template(&t)),
            Expression::HeredocTemplate(h) => template_kind(self.template(&h.template)),
            Expression::Parenthesis(p) => ExprKind::Paren(Box::new(self.expr(p.into_inner()))),
            Expression::Variable(v) => ExprKind::Var(v.as_str().to_string()),
            Expression::Conditional(c) => {
                let c = *c;
                ExprKind::Conditional(Box::new([
                    self.expr(c.cond_expr),
                    self.expr(c.true_expr),
                    self.expr(c.false_expr),
                ]))
            }
            Expression::FuncCall(f) => self.call(*f),
            Expression::Traversal(t) => self.traversal(*t, span),
            Expression::UnaryOp(u) => {
                let u = *u;
                let op = match u.operator.value() {
                    UnaryOperator::Not => UnaryOp::Not,
                    UnaryOperator::Neg => UnaryOp::Neg,
                };
                ExprKind::Unary(op, Box::new(self.expr(u.expr)))
            }
            Expression::BinaryOp(b) => {
                let b = *b;
                let op = binary_op(b.operator.value());
                ExprKind::Binary(op, Box::new([self.expr(b.lhs_expr), self.expr(b.rhs_expr)]))
            }
            Expression::ForExpr(f) => {
                let f = *f;
                ExprKind::For(Box::new(ForExpr {
                    key_var: f.intro.key_var.as_ref().map(|k| k.as_str().to_string()),
                    value_var: f.intro.value_var.as_str().to_string(),
                    collection: self.expr(f.intro.collection_expr),
                    key_expr: f.key_expr.map(|k| self.expr(k)),
                    value_expr: self.expr(f.value_expr),
                    grouping: f.grouping,
                    cond: f.cond.map(|c| self.expr(c.expr)),
                }))
            }
        };
        Expr::new(kind, span)
    }

    /// An object constructor; keys an override file renamed take their new name.
    fn object(&self, o: hcl_edit::expr::Object) -> ExprKind {
        let mut items = Vec::with_capacity(o.len());
        for (k, v) in o {
            let key = match k {
                HKey::Ident(i) => {
                    let name = i.as_str();
                    ObjectKey::Ident(
                        self.renames
                            .get(name)
                            .cloned()
                            .unwrap_or_else(|| name.to_string()),
                    )
                }
                HKey::Expression(Expression::String(s)) => {
                    let text = s.value().as_str();
                    let text = self.renames.get(text).map(String::as_str).unwrap_or(text);
                    ObjectKey::Expr(Expr::new(
                        ExprKind::Str(text.to_string()),
                        span_of(s.span()),
                    ))
                }
                HKey::Expression(x) => ObjectKey::Expr(self.expr(x)),
            };
            items.push((key, self.expr(v.into_expr())));
        }
        items.shrink_to_fit();
        ExprKind::Object(items)
    }

    /// A function call, its name with any `provider::ns::` namespace.
    fn call(&self, f: hcl_edit::expr::FuncCall) -> ExprKind {
        let mut name = String::new();
        for ns in &f.name.namespace {
            name.push_str(ns.as_str());
            name.push_str("::");
        }
        name.push_str(f.name.name.as_str());
        let expand_final = f.args.expand_final();
        let args = fresh(f.args.into_iter().map(|a| self.expr(a)));
        ExprKind::Call(Box::new(Call {
            name,
            args,
            expand_final,
        }))
    }

    /// `root.attr[index].*`; a legacy `.0` index takes the traversal's span.
    fn traversal(&self, t: hcl_edit::expr::Traversal, span: Span) -> ExprKind {
        let root = self.expr(t.expr);
        let ops = fresh(t.operators.into_iter().map(|op| match op.into_value() {
            TraversalOperator::AttrSplat(_) => Traverse::AttrSplat,
            TraversalOperator::FullSplat(_) => Traverse::FullSplat,
            TraversalOperator::GetAttr(i) => Traverse::Attr(i.as_str().to_string()),
            TraversalOperator::Index(x) => Traverse::Index(self.expr(x)),
            TraversalOperator::LegacyIndex(n) => {
                Traverse::Index(Expr::new(ExprKind::Number(*n.value() as f64), span))
            }
        }));
        ExprKind::Traversal(Box::new(root), ops)
    }

    pub fn template(&self, t: &Template) -> Vec<TemplatePart> {
        let mut parts = Vec::new();
        let mut strip_next = false;
        for el in t.iter() {
            match el {
                Element::Literal(s) => {
                    let text: &str = s.value();
                    let text = if strip_next { text.trim_start() } else { text };
                    strip_next = false;
                    parts.push(TemplatePart::Lit(text.to_string()));
                }
                Element::Interpolation(i) => {
                    if i.strip.strip_start() {
                        strip_last(&mut parts);
                    }
                    strip_next = i.strip.strip_end();
                    parts.push(TemplatePart::Interp(self.expr(i.expr.clone())));
                }
                Element::Directive(d) => match d.as_ref() {
                    Directive::If(d) => {
                        if d.if_expr.strip.strip_start() {
                            strip_last(&mut parts);
                        }
                        let mut then = self.template(&d.if_expr.template);
                        if d.if_expr.strip.strip_end() {
                            strip_first(&mut then);
                        }
                        let mut otherwise = Vec::new();
                        if let Some(e) = &d.else_expr {
                            if e.strip.strip_start() {
                                strip_last(&mut then);
                            }
                            otherwise = self.template(&e.template);
                            if e.strip.strip_end() {
                                strip_first(&mut otherwise);
                            }
                            if d.endif_expr.strip.strip_start() {
                                strip_last(&mut otherwise);
                            }
                        } else if d.endif_expr.strip.strip_start() {
                            strip_last(&mut then);
                        }
                        strip_next = d.endif_expr.strip.strip_end();
                        parts.push(TemplatePart::If {
                            cond: self.expr(d.if_expr.cond_expr.clone()),
                            then,
                            otherwise,
                        });
                    }
                    Directive::For(d) => {
                        let f = &d.for_expr;
                        if f.strip.strip_start() {
                            strip_last(&mut parts);
                        }
                        let mut body = self.template(&f.template);
                        if f.strip.strip_end() {
                            strip_first(&mut body);
                        }
                        if d.endfor_expr.strip.strip_start() {
                            strip_last(&mut body);
                        }
                        strip_next = d.endfor_expr.strip.strip_end();
                        parts.push(TemplatePart::For {
                            key_var: f.key_var.as_ref().map(|k| k.as_str().to_string()),
                            value_var: f.value_var.as_str().to_string(),
                            collection: self.expr(f.collection_expr.clone()),
                            body,
                        });
                    }
                },
            }
        }
        parts.shrink_to_fit();
        parts
    }
}

fn strip_last(parts: &mut [TemplatePart]) {
    if let Some(TemplatePart::Lit(s)) = parts.last_mut() {
        let t = s.trim_end().len();
        s.truncate(t);
    }
}

fn strip_first(parts: &mut [TemplatePart]) {
    if let Some(TemplatePart::Lit(s)) = parts.first_mut() {
        *s = s.trim_start().to_string();
    }
}

/// A template that is one literal is a plain string.
fn template_kind(parts: Vec<TemplatePart>) -> ExprKind {
    match parts.as_slice() {
        [] => ExprKind::Str(String::new()),
        [TemplatePart::Lit(s)] => ExprKind::Str(s.clone()),
        _ => ExprKind::Template(parts),
    }
}

#[allow(dead_code)]
fn _strip_is_used(_: Strip) {}

// ---------------------------------------------------------------------------------------------
// Terraform JSON syntax

/// How a JSON string is read: as a template (`"${var.x}"`), as an expression (`"type": "string"`),
/// or literally (variable defaults, tfvars).
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum JsonMode {
    Template,
    Expression,
    Literal,
}

const LABELS_TWO: &[&str] = &["resource", "data"];
const LABELS_ONE: &[&str] = &["module", "variable", "output", "provider"];

/// Lower a `.tf.json` document. Errors are (message, span).
///
/// As in Terraform's JSON syntax, a block type's value may be an object or an array of objects
/// at every level (`"provider": {"aws": [{...}, {...}]}`), and a key repeated in one object
/// adds blocks rather than replacing them.
pub fn json_file(root: &JNode) -> Result<Body, (String, Span)> {
    let JKind::Object(members) = &root.kind else {
        return Err(("a .tf.json file must hold a JSON object".into(), root.span));
    };
    let mut body = Body::default();
    for m in members {
        let kind = m.key.as_str();
        if kind == "//" {
            continue;
        }
        let labels = if LABELS_TWO.contains(&kind) {
            2
        } else if LABELS_ONE.contains(&kind) {
            1
        } else {
            0
        };
        labelled_blocks(
            kind,
            &m.value,
            labels,
            m.key_span,
            &mut Vec::new(),
            &mut body.blocks,
        )?;
    }
    Ok(body)
}

/// The blocks of one type under `node`, reading `labels` levels of object keys first. A
/// block's header is its last label's key (the resource's own name, not its type's key), or
/// the type's key for a block without labels.
fn labelled_blocks(
    kind: &str,
    node: &JNode,
    labels: usize,
    header: Span,
    prefix: &mut Vec<String>,
    out: &mut Vec<Block>,
) -> Result<(), (String, Span)> {
    if labels == 0 {
        for one in one_or_many(node) {
            out.push(Block {
                kind: kind.to_string(),
                labels: prefix.clone(),
                body: json_body(one, kind)?,
                span: one.span,
                header,
            });
        }
        return Ok(());
    }
    for (label, label_span, inner) in object_members(node)? {
        prefix.push(label);
        labelled_blocks(kind, inner, labels - 1, label_span, prefix, out)?;
        prefix.pop();
    }
    Ok(())
}

fn one_or_many(node: &JNode) -> Vec<&JNode> {
    match &node.kind {
        JKind::Array(items) => items.iter().collect(),
        _ => vec![node],
    }
}

type Members<'a> = Vec<(String, Span, &'a JNode)>;

/// The members of an object, or of each object of an array of objects, `//` comments left out.
fn object_members(node: &JNode) -> Result<Members<'_>, (String, Span)> {
    let mut out = Vec::new();
    for one in one_or_many(node) {
        match &one.kind {
            JKind::Object(m) => out.extend(
                m.iter()
                    .filter(|m| m.key != "//")
                    .map(|m| (m.key.clone(), m.key_span, &m.value)),
            ),
            _ => return Err(("expected a JSON object here".into(), one.span)),
        }
    }
    Ok(out)
}

/// Nested block types that pe-lint reads as blocks (not as object-valued arguments) in the
/// body of a block of `block_kind`; `dynamic` is handled apart. Other nested blocks of a JSON
/// body stay arguments: the evaluator and the rules read an object, or a list of objects, the
/// same as a block.
fn json_block_types(block_kind: &str) -> &'static [&'static str] {
    match block_kind {
        "locals" => &[],
        "provider" => &[
            "default_tags",
            "ignore_tags",
            "assume_role",
            "assume_role_with_web_identity",
            "lifecycle",
            "validation",
        ],
        "terraform" => &["cloud", "required_providers"],
        _ => &["lifecycle", "validation"],
    }
}

/// A block body in JSON: every member is an attribute; nested blocks become object- or
/// list-valued attributes, which is how Terraform's own plan output shows them too. A key
/// repeated in the body is several blocks of that type (all values objects or arrays of
/// objects); repeated otherwise, it is an argument set twice, which Terraform rejects.
fn json_body(node: &JNode, block_kind: &str) -> Result<Body, (String, Span)> {
    let mut body = Body::default();
    let JKind::Object(members) = &node.kind else {
        return Err((
            format!("the body of a {block_kind} block must be a JSON object"),
            node.span,
        ));
    };
    for (key, key_span, values) in grouped_members(members) {
        if block_kind != "locals" && key == "dynamic" {
            for v in &values {
                dynamic_blocks(v, &mut body.blocks)?;
            }
            continue;
        }
        if block_kind == "terraform" && key == "backend" {
            for v in &values {
                labelled_blocks("backend", v, 1, key_span, &mut Vec::new(), &mut body.blocks)?;
            }
            continue;
        }
        if json_block_types(block_kind).contains(&key) {
            for one in values.iter().flat_map(|v| one_or_many(v)) {
                body.blocks.push(Block {
                    kind: key.to_string(),
                    labels: vec![],
                    body: json_body(one, key)?,
                    span: one.span,
                    header: key_span,
                });
            }
            continue;
        }
        body.attrs
            .push(json_attribute(block_kind, key, key_span, &values)?);
    }
    Ok(body)
}

/// Members by key, in the order of each key's first appearance.
fn grouped_members(members: &[crate::json::JMember]) -> Vec<(&str, Span, Vec<&JNode>)> {
    let mut out: Vec<(&str, Span, Vec<&JNode>)> = Vec::new();
    for m in members.iter().filter(|m| m.key != "//") {
        match out.iter_mut().find(|(k, _, _)| *k == m.key) {
            Some((_, _, values)) => values.push(&m.value),
            None => out.push((m.key.as_str(), m.key_span, vec![&m.value])),
        }
    }
    out
}

fn json_attribute(
    block_kind: &str,
    key: &str,
    key_span: Span,
    values: &[&JNode],
) -> Result<Attribute, (String, Span)> {
    let mode = match (block_kind, key) {
        ("variable", "default") => JsonMode::Literal,
        ("variable", "type") => JsonMode::Expression,
        (_, "depends_on") => JsonMode::Expression,
        _ => JsonMode::Template,
    };
    let last = values[values.len() - 1];
    let span = Span::new(key_span.start as usize, last.span.end as usize);
    if values.len() == 1 {
        return Ok(Attribute {
            name: key.to_string(),
            expr: json_expr(last, mode),
            span,
        });
    }
    let is_block = |v: &&JNode| match &v.kind {
        JKind::Object(_) => true,
        JKind::Array(items) => items.iter().all(|i| matches!(i.kind, JKind::Object(_))),
        _ => false,
    };
    if !values.iter().all(is_block) {
        return Err((
            format!("the argument \"{key}\" is set more than once; Terraform rejects a duplicate argument"),
            last.span,
        ));
    }
    let items = values
        .iter()
        .flat_map(|v| one_or_many(v))
        .map(|one| json_expr(one, mode))
        .collect();
    Ok(Attribute {
        name: key.to_string(),
        expr: Expr::new(ExprKind::Tuple(items), span),
        span,
    })
}

/// `"dynamic": {"label": {"for_each": ..., "iterator": ..., "content": {...}}}`: one `dynamic`
/// block per label (and per object, when the label's value is an array).
fn dynamic_blocks(node: &JNode, out: &mut Vec<Block>) -> Result<(), (String, Span)> {
    for (label, label_span, value) in object_members(node)? {
        for one in one_or_many(value) {
            let JKind::Object(members) = &one.kind else {
                return Err((
                    "the body of a dynamic block must be a JSON object".into(),
                    one.span,
                ));
            };
            let mut body = Body::default();
            for m in members.iter().filter(|m| m.key != "//") {
                match m.key.as_str() {
                    "content" => body.blocks.push(Block {
                        kind: "content".into(),
                        labels: vec![],
                        body: json_body(&m.value, &label)?,
                        span: m.value.span,
                        header: m.key_span,
                    }),
                    key => body.attrs.push(Attribute {
                        name: key.to_string(),
                        expr: json_expr(
                            &m.value,
                            if key == "iterator" {
                                JsonMode::Expression
                            } else {
                                JsonMode::Template
                            },
                        ),
                        span: Span::new(m.key_span.start as usize, m.value.span.end as usize),
                    }),
                }
            }
            out.push(Block {
                kind: "dynamic".into(),
                labels: vec![label.clone()],
                body,
                span: one.span,
                header: label_span,
            });
        }
    }
    Ok(())
}

/// Lower a JSON value to an expression. Strings in template mode are parsed as HCL templates;
/// nodes inside carry the string's span (JSON escapes make finer spans unreliable).
pub fn json_expr(node: &JNode, mode: JsonMode) -> Expr {
    let span = node.span;
    let kind = match &node.kind {
        JKind::Null => ExprKind::Null,
        JKind::Bool(b) => ExprKind::Bool(*b),
        JKind::Number(n) => ExprKind::Number(*n),
        JKind::Placeholder(_) => ExprKind::Null,
        JKind::String(s) => match mode {
            JsonMode::Literal => ExprKind::Str(s.clone()),
            JsonMode::Template => string_template(s, span),
            JsonMode::Expression => match hcl_edit::parser::parse_expr(s) {
                Ok(e) => {
                    let renames = HashMap::new();
                    let mut e = HclLowerer { renames: &renames }.expr(e);
                    respan(&mut e, span);
                    return e;
                }
                Err(_) => ExprKind::Str(s.clone()),
            },
        },
        JKind::Array(items) => ExprKind::Tuple(items.iter().map(|i| json_expr(i, mode)).collect()),
        JKind::Object(members) => ExprKind::Object(
            members
                .iter()
                .filter(|m| m.key != "//")
                .map(|m| (ObjectKey::Ident(m.key.clone()), json_expr(&m.value, mode)))
                .collect(),
        ),
    };
    Expr::new(kind, span)
}

fn string_template(s: &str, span: Span) -> ExprKind {
    if !s.contains("${") && !s.contains("%{") {
        return ExprKind::Str(s.to_string());
    }
    match hcl_edit::parser::parse_template(s) {
        Ok(t) => {
            let renames = HashMap::new();
            let mut parts = HclLowerer { renames: &renames }.template(&t);
            for p in &mut parts {
                respan_part(p, span);
            }
            template_kind(parts)
        }
        Err(_) => ExprKind::Str(s.to_string()),
    }
}

fn respan_part(p: &mut TemplatePart, span: Span) {
    match p {
        TemplatePart::Lit(_) => {}
        TemplatePart::Interp(e) => respan(e, span),
        TemplatePart::If {
            cond,
            then,
            otherwise,
        } => {
            respan(cond, span);
            then.iter_mut()
                .chain(otherwise.iter_mut())
                .for_each(|p| respan_part(p, span));
        }
        TemplatePart::For {
            collection, body, ..
        } => {
            respan(collection, span);
            body.iter_mut().for_each(|p| respan_part(p, span));
        }
    }
}

/// Give every node of an expression the same span (used for expressions parsed out of JSON strings).
pub fn respan(e: &mut Expr, span: Span) {
    e.span = span;
    match &mut e.kind {
        ExprKind::Template(parts) => parts.iter_mut().for_each(|p| respan_part(p, span)),
        ExprKind::Tuple(items) => items.iter_mut().for_each(|i| respan(i, span)),
        ExprKind::Object(items) => {
            for (k, v) in items {
                if let ObjectKey::Expr(k) = k {
                    respan(k, span);
                }
                respan(v, span);
            }
        }
        ExprKind::Traversal(root, ops) => {
            respan(root, span);
            for op in ops {
                if let Traverse::Index(i) = op {
                    respan(i, span);
                }
            }
        }
        ExprKind::Call(c) => c.args.iter_mut().for_each(|a| respan(a, span)),
        ExprKind::Conditional(c) => c.iter_mut().for_each(|x| respan(x, span)),
        ExprKind::Unary(_, x) | ExprKind::Paren(x) => respan(x, span),
        ExprKind::Binary(_, x) => x.iter_mut().for_each(|x| respan(x, span)),
        ExprKind::For(f) => {
            respan(&mut f.collection, span);
            respan(&mut f.value_expr, span);
            if let Some(k) = &mut f.key_expr {
                respan(k, span);
            }
            if let Some(c) = &mut f.cond {
                respan(c, span);
            }
        }
        _ => {}
    }
}

/// Parse a template file's text (for `templatefile`).
pub fn parse_template_text(text: &str) -> Result<Vec<TemplatePart>, String> {
    let t = hcl_edit::parser::parse_template(text).map_err(|e| e.message().to_string())?;
    let renames = HashMap::new();
    Ok(HclLowerer { renames: &renames }.template(&t))
}

/// Parse an expression from text (for `-var`, `TF_VAR_` values and type constraints).
pub fn parse_expr_text(text: &str) -> Result<Expr, String> {
    let e = hcl_edit::parser::parse_expr(text).map_err(|e| e.message().to_string())?;
    let renames = HashMap::new();
    Ok(HclLowerer { renames: &renames }.expr(e))
}

/// The literal as a 64-bit float, or NaN (evaluated as unresolved) when the float would be a
/// different number: Terraform keeps `9007199254740993` and `0.30000000000000001` exactly.
/// `text` is the literal as written (hcl-edit folds `-0` into `0`; Terraform keeps the sign).
fn exact_f64(n: &hcl_edit::Number, text: Option<&str>) -> f64 {
    let Some(f) = n.as_f64() else {
        return f64::NAN;
    };
    match text.map(str::trim).filter(|t| !t.is_empty()) {
        Some(t) => {
            let f = if f == 0.0 && t.starts_with('-') {
                -0.0
            } else {
                f
            };
            if decimal_parts(t).is_some() && decimal_parts(t) == decimal_parts(&format!("{f:e}")) {
                f
            } else {
                f64::NAN
            }
        }
        // No text (a literal built in memory): integers are checked by their round trip.
        None => match (n.as_u64(), n.as_i64()) {
            (Some(u), _) if (u as f64) >= 18446744073709551616.0 || (u as f64) as u64 != u => {
                f64::NAN
            }
            (None, Some(i)) if (i as f64) as i64 != i => f64::NAN,
            _ => f,
        },
    }
}

/// A decimal literal as (negative, significant digits, exponent): `-1.50e2` and `-150` are
/// both `(true, "15", 1)`. `None` when it is not a decimal number.
fn decimal_parts(t: &str) -> Option<(bool, String, i64)> {
    let (neg, t) = match t.strip_prefix('-') {
        Some(rest) => (true, rest.trim_start()),
        None => (false, t),
    };
    let (mantissa, exp) = match t.split_once(['e', 'E']) {
        Some((m, e)) => (m, e.strip_prefix('+').unwrap_or(e).parse::<i64>().ok()?),
        None => (t, 0),
    };
    let (int, frac) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    if !(int.chars().chain(frac.chars())).all(|c| c.is_ascii_digit()) || int.len() + frac.len() == 0
    {
        return None;
    }
    let all = format!("{int}{frac}");
    let digits = all.trim_start_matches('0');
    let trimmed = digits.trim_end_matches('0');
    let exp = exp - frac.len() as i64 + (digits.len() - trimmed.len()) as i64;
    if trimmed.is_empty() {
        return Some((neg, String::new(), 0));
    }
    Some((neg, trimmed.to_string(), exp))
}

fn binary_op(op: &BinaryOperator) -> BinaryOp {
    match op {
        BinaryOperator::Eq => BinaryOp::Eq,
        BinaryOperator::NotEq => BinaryOp::NotEq,
        BinaryOperator::LessEq => BinaryOp::LessEq,
        BinaryOperator::GreaterEq => BinaryOp::GreaterEq,
        BinaryOperator::Less => BinaryOp::Less,
        BinaryOperator::Greater => BinaryOp::Greater,
        BinaryOperator::Plus => BinaryOp::Plus,
        BinaryOperator::Minus => BinaryOp::Minus,
        BinaryOperator::Mul => BinaryOp::Mul,
        BinaryOperator::Div => BinaryOp::Div,
        BinaryOperator::Mod => BinaryOp::Mod,
        BinaryOperator::And => BinaryOp::And,
        BinaryOperator::Or => BinaryOp::Or,
    }
}

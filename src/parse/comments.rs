//! The comments of an HCL file, taken from hcl-edit's decor: the whitespace and comments the
//! parser keeps before and after each node (and before a closing bracket). Decor holds nothing
//! else, so a comment found there is one by construction: strings, templates and heredocs
//! never reach it.
//!
//! hcl-edit gives decor as text without its position; the position follows from the node it
//! decorates (a prefix ends where the node starts, a suffix starts where it ends, a trailing
//! part ends at the closing bracket) and is checked against the text.

use std::ops::Range;

use hcl_edit::expr::{Array, BinaryOp, Expression, FuncArgs, Object, ObjectKey, Traversal};
use hcl_edit::structure::{Attribute, Block, Body};
use hcl_edit::template::{
    ElseTemplateExpr, EndforTemplateExpr, EndifTemplateExpr, ForTemplateExpr, HeredocTemplate,
    IfTemplateExpr,
};
use hcl_edit::visit::{self, Visit};
use hcl_edit::{Decor, Decorate, Decorated, Formatted, Ident, Number, Span as _};

use crate::source::{Comment, Span};

/// Whether `text` may mention a suppression form (`pe-lint:ignore`, `tfsec:ignore`,
/// `trivy:ignore`, `checkov:skip`), in any case (suppress warns about a case variant): only
/// such a file's comments are kept, since suppressions are all they are read for.
/// each form is checked around the `:` it contains, so the text is not copied or lower-cased.
pub fn may_have_directives(text: &str) -> bool {
    let b = text.as_bytes();
    let forms: [(&[u8], usize); 4] = [
        (b"pe-lint:ignore", 7),
        (b"tfsec:ignore", 5),
        (b"trivy:ignore", 5),
        (b"checkov:skip", 7),
    ];
    b.iter()
        .enumerate()
        .filter(|(_, c)| **c == b':')
        .any(|(i, _)| {
            forms.iter().any(|(form, colon)| {
                i >= *colon
                    && b.get(i - colon..i - colon + form.len())
                        .is_some_and(|w| w.eq_ignore_ascii_case(form))
            })
        })
}

/// The comments of `body`, parsed from `text`, in source order.
pub fn collect(body: &Body, text: &str) -> Vec<Comment> {
    let mut c = Collector {
        text,
        cursor: 0,
        out: Vec::new(),
    };
    c.visit_body(body);
    c.out.sort_by_key(|c| c.span.start);
    // A node's decor is reached through each type that forwards it (an expression and its
    // variable): the same comment twice.
    c.out.dedup();
    c.out
}

struct Collector<'t> {
    text: &'t str,
    /// How far the walk has come in the text: decor is visited in source order, so one whose
    /// node gives no position is searched for from here.
    cursor: usize,
    out: Vec<Comment>,
}

impl Collector<'_> {
    /// Take the comments of one piece of decor, `raw`, that may start at any of `starts`.
    fn raw(&mut self, raw: &str, starts: &[Option<usize>]) {
        if !raw.contains(['#', '/']) {
            return; // whitespace only
        }
        let at = starts
            .iter()
            .flatten()
            .copied()
            .find(|&s| self.text.get(s..s + raw.len()) == Some(raw))
            .or_else(|| {
                let from = self.cursor.min(self.text.len());
                self.text[from..].find(raw).map(|p| from + p)
            });
        let Some(at) = at else { return };
        self.cursor = at + raw.len();
        self.scan(at, raw);
    }

    /// The comments in decor text `raw`, found at offset `at`.
    fn scan(&mut self, at: usize, raw: &str) {
        let mut i = 0;
        while let Some(rest) = raw.get(i..).filter(|r| !r.is_empty()) {
            let len = if rest.starts_with('#') || rest.starts_with("//") {
                let line = &rest[..rest.find('\n').unwrap_or(rest.len())];
                let delim = if rest.starts_with('#') { 1 } else { 2 };
                match line.strip_suffix('\r') {
                    Some(l) if l.len() >= delim => l.len(),
                    _ => line.len(),
                }
            } else if let Some(inner) = rest.strip_prefix("/*") {
                inner.find("*/").map_or(rest.len(), |p| p + 4)
            } else {
                i += rest.chars().next().map_or(1, char::len_utf8);
                continue;
            };
            self.push(at + i, at + i + len);
            i += len;
        }
    }

    fn push(&mut self, start: usize, end: usize) {
        let line_start = self.text[..start].rfind('\n').map_or(0, |p| p + 1);
        self.out.push(Comment {
            span: Span::new(start, end),
            trailing: !self.text[line_start..start].trim().is_empty(),
        });
    }

    fn prefix(&mut self, decor: &Decor, span: Option<Range<usize>>) {
        if let Some(p) = decor.prefix() {
            let start = span.and_then(|s| s.start.checked_sub(p.len()));
            self.raw(p, &[start]);
        }
    }

    fn suffix(&mut self, decor: &Decor, span: Option<Range<usize>>) {
        if let Some(s) = decor.suffix() {
            self.raw(s, &[span.map(|r| r.end)]);
        }
    }

    /// Decor before a closing bracket that ends `span`.
    fn trailing(&mut self, raw: &str, span: Option<Range<usize>>) {
        let start = span.and_then(|s| s.end.checked_sub(1 + raw.len()));
        self.raw(raw, &[start]);
    }

    /// Text between two nodes that holds only whitespace and comments.
    fn gap(&mut self, from: Option<usize>, to: Option<usize>) {
        let (Some(from), Some(to)) = (from, to) else {
            return;
        };
        if let Some(text) = self.text.get(from..to) {
            self.scan(from, text);
            self.cursor = self.cursor.max(to);
        }
    }

    fn leaf<T>(&mut self, node: &T)
    where
        T: Decorate + hcl_edit::Span,
    {
        self.prefix(node.decor(), node.span());
        self.suffix(node.decor(), node.span());
    }
}

impl Visit for Collector<'_> {
    fn visit_body(&mut self, node: &Body) {
        self.prefix(node.decor(), node.span());
        visit::visit_body(self, node);
        // The file's body ends where its trailing decor starts; a block's includes it.
        if let Some(s) = node.decor().suffix() {
            let span = node.span();
            let end = span.as_ref().map(|r| r.end);
            let before_end = span.and_then(|r| r.end.checked_sub(s.len()));
            self.raw(s, &[end, before_end]);
        }
    }

    fn visit_attr(&mut self, node: &Attribute) {
        self.prefix(node.decor(), node.span());
        visit::visit_attr(self, node);
        self.suffix(node.decor(), node.span());
    }

    fn visit_block(&mut self, node: &Block) {
        self.prefix(node.decor(), node.span());
        visit::visit_block(self, node);
        self.suffix(node.decor(), node.span());
    }

    fn visit_expr(&mut self, node: &Expression) {
        self.prefix(node.decor(), node.span());
        // What the expression holds comes after its start, and what follows it after its end:
        // decor without a position (a call's last comma, a template directive) is searched
        // for from there.
        if let Some(span) = node.span() {
            self.cursor = self.cursor.max(span.start);
        }
        visit::visit_expr(self, node);
        self.suffix(node.decor(), node.span());
        if let Some(span) = node.span() {
            self.cursor = self.cursor.max(span.end);
        }
    }

    fn visit_ident(&mut self, node: &Decorated<Ident>) {
        self.leaf(node);
    }

    fn visit_string(&mut self, node: &Decorated<String>) {
        self.leaf(node);
    }

    fn visit_null(&mut self, node: &Decorated<hcl_edit::expr::Null>) {
        self.leaf(node);
    }

    fn visit_bool(&mut self, node: &Decorated<bool>) {
        self.leaf(node);
    }

    fn visit_u64(&mut self, node: &Decorated<u64>) {
        self.leaf(node);
    }

    fn visit_number(&mut self, node: &Formatted<Number>) {
        self.leaf(node);
    }

    fn visit_splat(&mut self, node: &Decorated<hcl_edit::expr::Splat>) {
        self.leaf(node);
    }

    fn visit_array(&mut self, node: &Array) {
        visit::visit_array(self, node);
        self.trailing(node.trailing(), node.span());
    }

    fn visit_object(&mut self, node: &Object) {
        visit::visit_object(self, node);
        self.trailing(node.trailing(), node.span());
    }

    fn visit_object_key(&mut self, node: &ObjectKey) {
        self.prefix(node.decor(), node.span());
        visit::visit_object_key(self, node);
        self.suffix(node.decor(), node.span());
    }

    fn visit_func_args(&mut self, node: &FuncArgs) {
        self.prefix(node.decor(), node.span());
        visit::visit_func_args(self, node);
        self.trailing(node.trailing(), node.span());
        self.suffix(node.decor(), node.span());
    }

    // hcl-edit 0.10 leaves the decor of a traversal's and a binary operation's operators
    // unresolved (their `despan` skips it, so it reads as empty): the comments around an
    // operator are read from the text between the spans of its neighbours, which the parser
    // consumed as whitespace and comments.
    fn visit_traversal(&mut self, node: &Traversal) {
        self.visit_expr(&node.expr);
        let mut prev = node.expr.span().map(|s| s.end);
        for op in &node.operators {
            self.gap(prev, op.span().map(|s| s.start));
            self.visit_traversal_operator(op);
            prev = op.span().map(|s| s.end);
        }
    }

    fn visit_binary_op(&mut self, node: &BinaryOp) {
        self.visit_expr(&node.lhs_expr);
        let op = node.operator.span();
        let lhs_end = node.lhs_expr.span().map(|s| s.end);
        self.gap(lhs_end, op.as_ref().map(|s| s.start));
        self.gap(op.map(|s| s.end), node.rhs_expr.span().map(|s| s.start));
        self.visit_expr(&node.rhs_expr);
    }

    fn visit_for_intro(&mut self, node: &hcl_edit::expr::ForIntro) {
        self.prefix(node.decor(), node.span());
        visit::visit_for_intro(self, node);
        self.suffix(node.decor(), node.span());
    }

    fn visit_for_cond(&mut self, node: &hcl_edit::expr::ForCond) {
        self.prefix(node.decor(), node.span());
        visit::visit_for_cond(self, node);
        self.suffix(node.decor(), node.span());
    }

    /// A heredoc's text is not code, and what its interpolations hold was never read as
    /// comments.
    fn visit_heredoc_template(&mut self, _: &HeredocTemplate) {}

    // Template directives (`%{ if }`) of a quoted string: their decor has no node to place it
    // by, so it is found from the cursor.
    fn visit_if_template_expr(&mut self, node: &IfTemplateExpr) {
        self.raw(node.preamble(), &[]);
        visit::visit_if_template_expr(self, node);
    }

    fn visit_else_template_expr(&mut self, node: &ElseTemplateExpr) {
        self.raw(node.preamble(), &[]);
        self.raw(node.trailing(), &[]);
        visit::visit_else_template_expr(self, node);
    }

    fn visit_endif_template_expr(&mut self, node: &EndifTemplateExpr) {
        self.raw(node.preamble(), &[]);
        self.raw(node.trailing(), &[]);
    }

    fn visit_for_template_expr(&mut self, node: &ForTemplateExpr) {
        self.raw(node.preamble(), &[]);
        visit::visit_for_template_expr(self, node);
    }

    fn visit_endfor_template_expr(&mut self, node: &EndforTemplateExpr) {
        self.raw(node.preamble(), &[]);
        self.raw(node.trailing(), &[]);
    }
}

#[cfg(test)]
mod tests {
    /// (text at the span, line) of each comment.
    fn found(text: &str) -> Vec<(&str, usize)> {
        let (_, comments) = crate::parse::parse_hcl_with_comments(text).unwrap();
        comments
            .iter()
            .map(|c| {
                let (s, e) = (c.span.start as usize, c.span.end as usize);
                (&text[s..e], text[..s].matches('\n').count() + 1)
            })
            .collect()
    }

    /// Decor with no node to place it by is searched for after what came before it: the same
    /// text earlier in the file (here in a heredoc argument) is never taken for it.
    #[test]
    fn decor_without_a_position_is_placed_after_what_precedes_it() {
        let text = "v = f(<<EOT\n, /* c */ )\nEOT\n, /* c */ )\nw = \"%{ if x /* d */ }y%{ endif }\"\nb { a = 1 /* e */ }\n";
        assert_eq!(
            found(text),
            [("/* c */", 4), ("/* d */", 5), ("/* e */", 6)]
        );
    }

    /// Around the operators whose decor hcl-edit leaves unresolved, and in a multi-line
    /// operation.
    #[test]
    fn comments_around_operators() {
        let text = "x = (a # one\n  || /* two */ b.c /* three */ [0])\n";
        assert_eq!(
            found(text),
            [("# one", 1), ("/* two */", 2), ("/* three */", 2)]
        );
    }
}
